import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';

/**
 * Paths removed from every log line. Tokens, passwords, TOTP codes, GraphQL variables and message
 * bodies never reach a log; the list is wide on purpose.
 */
export const REDACTED_PATHS = [
  'password', 'newPassword', 'currentPassword', 'token', 'sessionToken', 'totpCode', 'code', 'recoveryCode',
  'secret', 'authorization', 'cookie', 'variables', 'body',
  '*.password', '*.newPassword', '*.currentPassword', '*.token', '*.sessionToken', '*.totpCode', '*.code',
  '*.recoveryCode', '*.secret', '*.authorization', '*.cookie', '*.variables', '*.body',
  'req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie',
];

/** Structured JSON logs (pino) behind Nest's LoggerService. */
export class AppLogger implements LoggerService {
  readonly pino: Logger;

  constructor(level: string, destination?: pino.DestinationStream) {
    this.pino = pino(
      { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { service: 'solidarity-api' } },
      destination,
    );
  }

  log(message: unknown, context?: string) {
    this.pino.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void;
  error(details: Record<string, unknown>, message: string): void;
  error(first: unknown, second?: string, context?: string) {
    if (typeof first === 'object' && first !== null && !(first instanceof Error)) {
      this.pino.error(first as Record<string, unknown>, second ?? 'error');
      return;
    }
    this.pino.error({ context, trace: second }, first instanceof Error ? first.message : String(first));
  }
  warn(message: unknown, context?: string) {
    this.pino.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.pino.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.pino.trace({ context }, String(message));
  }
}
