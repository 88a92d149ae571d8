import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import type { Translate } from '../i18n/i18n';

/** One failure the API reported, in the terms a screen needs to show it next to its cause. */
export interface ApiFailure {
  code: string;
  /** The input field it is about (`title`, `input.title`), when the API named one. */
  field?: string;
  /** The API's own words (English): names the field and what is wrong. */
  detail: string;
  extensions: Record<string, unknown>;
}

export function failuresOf(error: unknown): ApiFailure[] {
  if (!error) return [];
  if (CombinedGraphQLErrors.is(error)) {
    return error.errors.map((e) => {
      const extensions = (e.extensions ?? {}) as Record<string, unknown>;
      return {
        code: typeof extensions['code'] === 'string' ? extensions['code'] : 'INTERNAL_SERVER_ERROR',
        field: typeof extensions['field'] === 'string' ? extensions['field'] : undefined,
        detail: e.message,
        extensions,
      };
    });
  }
  if (ServerError.is(error)) return [{ code: 'network', detail: error.message, extensions: {} }];
  if (error instanceof TypeError) return [{ code: 'network', detail: error.message, extensions: {} }];
  return [{ code: 'unknown', detail: error instanceof Error ? error.message : String(error), extensions: {} }];
}

/** The sentence a person reads: the translated meaning of the code, then the API's detail when it adds one. */
export function describeFailure(failure: ApiFailure, t: Translate): string {
  switch (failure.code) {
    case 'CONFLICT':
      // The API's words say what conflicts (a newer save, a full workshop, a rule); a generic lead would mislead.
      return failure.detail || t('error.CONFLICT');
    case 'BAD_USER_INPUT':
    case 'FORBIDDEN':
      return failure.detail ? `${t(`error.${failure.code}`)} ${failure.detail}` : t(`error.${failure.code}`);
    case 'RATE_LIMITED':
      return t('error.RATE_LIMITED', { seconds: Number(failure.extensions['retryAfterSeconds'] ?? 60) });
    case 'INTERNAL_SERVER_ERROR':
      return t('error.INTERNAL_SERVER_ERROR', { reference: String(failure.extensions['correlationId'] ?? '—') });
    case 'UNAUTHENTICATED':
    case 'NOT_FOUND':
      return t(`error.${failure.code}`);
    case 'network':
      return t('error.network');
    default:
      return failure.detail || t('error.unknown');
  }
}

/** Splits an error into the part shown beside each field and the rest, shown at the form's top. */
export function formErrors(error: unknown, t: Translate) {
  const failures = failuresOf(error);
  const matches = (failure: ApiFailure, field: string) =>
    !!failure.field && (failure.field === field || failure.field.endsWith(`.${field}`) || failure.field.startsWith(`${field}.`) || failure.field.startsWith(`${field}[`));
  return {
    failures,
    field(field: string): string | undefined {
      const hit = failures.find((f) => matches(f, field));
      return hit ? describeFailure(hit, t) : undefined;
    },
    /** Failures not tied to one of the given fields. */
    general(fields: string[] = []): string[] {
      return failures.filter((f) => !fields.some((name) => matches(f, name))).map((f) => describeFailure(f, t));
    },
  };
}

export const hasCode = (error: unknown, code: string) => failuresOf(error).some((f) => f.code === code);
