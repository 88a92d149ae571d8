import { describeFailure } from '../../app/errors';
import { RealtimeError } from '../../app/realtime';
import type { Translate } from '../../i18n/i18n';

/** A socket failure in the same words as an API failure. */
export function describeSocketFailure(error: unknown, t: Translate): string {
  if (error instanceof RealtimeError) return describeFailure({ code: error.code, detail: error.message, extensions: {} }, t);
  return t('error.unknown');
}
