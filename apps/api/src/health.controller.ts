import { Controller, Get, Header, HttpException, HttpStatus } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Public } from '@sw/authz';

@Controller()
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  /** For load balancers and orchestrators: answers only when the database does. */
  @Get('health')
  @Public()
  @Header('Cache-Control', 'no-store')
  async health(): Promise<{ status: 'ok' }> {
    try {
      await this.dataSource.query('SELECT 1');
      return { status: 'ok' };
    } catch {
      throw new HttpException({ status: 'unavailable' }, HttpStatus.SERVICE_UNAVAILABLE);
    }
  }
}
