import { Injectable } from '@nestjs/common';
import type { RealtimeServer } from './realtime.types.js';

/** The socket.io server of this instance, handed over by the gateway once Nest has created it. */
@Injectable()
export class RealtimeServerRef {
  private current: RealtimeServer | null = null;

  attach(server: RealtimeServer): void {
    if (this.current && this.current !== server) throw new Error('a second socket.io server was created; all gateways share one');
    this.current = server;
  }

  get server(): RealtimeServer | null {
    return this.current;
  }
}
