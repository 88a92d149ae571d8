import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppLogger } from '@sw/config';
import { StatementPublicationService } from './statement-publication.service.js';

const EVERY_MS = 60_000;

/**
 * The statements' clock: publishes statements whose embargo has passed and announces deadlines
 * within 24 hours. In-process on every instance (each step is one guarded UPDATE, so instances
 * never double up); `runDue` is also what tests call, with the time they want.
 */
@Injectable()
export class StatementScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly publication: StatementPublicationService,
    private readonly logger: AppLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.runDue()
        .catch((error: unknown) => this.logger.error({ err: String(error) }, 'statement schedule pass failed'))
        .finally(() => (this.running = null));
    }, EVERY_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  async runDue(asOf: Date = new Date()): Promise<{ published: string[]; cancelled: string[]; reminded: string[] }> {
    const { published, cancelled } = await this.publication.publishDue(asOf);
    const reminded = await this.publication.remindDeadlines(asOf);
    return { published, cancelled, reminded };
  }
}
