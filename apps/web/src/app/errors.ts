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

/** Codes for an answer that did not come in the API's own shape (a proxy's page, a framework default). */
const CODE_OF_STATUS: Record<number, string> = {
  400: 'BAD_USER_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
  // A gateway in front of the API answers these when the API itself cannot be reached.
  502: 'network',
  503: 'network',
  504: 'network',
};

/**
 * A refusal from one of the API's plain-HTTP routes (uploads, downloads), which answer
 * `{ code, message, field }` with the matching status instead of GraphQL's `errors`.
 */
export class HttpFailure extends Error {
  override readonly name = 'HttpFailure';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** The failure a non-2xx answer describes; its words are trusted only when it is in the API's shape. */
  static async of(response: Response): Promise<HttpFailure> {
    const body: unknown = await response.json().catch(() => null);
    const answer = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
    const own = typeof answer['code'] === 'string';
    const code = own ? (answer['code'] as string) : (CODE_OF_STATUS[response.status] ?? (response.status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'unknown'));
    const extensions: Record<string, unknown> = {};
    const retryAfter = Number(answer['retryAfterSeconds'] ?? response.headers.get('retry-after') ?? NaN);
    if (Number.isFinite(retryAfter) && retryAfter > 0) extensions['retryAfterSeconds'] = Math.ceil(retryAfter);
    if (typeof answer['correlationId'] === 'string') extensions['correlationId'] = answer['correlationId'];
    return new HttpFailure(
      response.status,
      code,
      own && typeof answer['message'] === 'string' ? answer['message'] : '',
      own && typeof answer['field'] === 'string' ? answer['field'] : undefined,
      extensions,
    );
  }
}

/**
 * A same-origin call to a plain-HTTP route of the API (the session cookie goes with it), answered
 * with JSON. Rejects with an HttpFailure on a refusal, and with fetch's TypeError when the network fails.
 */
export async function requestJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  const response = await fetch(path, { ...init, headers, credentials: 'same-origin' });
  if (!response.ok) throw await HttpFailure.of(response);
  return (await response.json()) as T;
}

export function failuresOf(error: unknown): ApiFailure[] {
  if (!error) return [];
  if (error instanceof HttpFailure) return [{ code: error.code, field: error.field, detail: error.message, extensions: error.extensions }];
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
    case 'PAYLOAD_TOO_LARGE':
      return t('error.PAYLOAD_TOO_LARGE');
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
