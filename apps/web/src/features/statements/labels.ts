import type { MessageKey } from '../../i18n/en';
import type { SignOnStatus, StatementParticipantRole, StatementStatus } from '../../gql/graphql';

export const STATEMENT_STATUSES: StatementStatus[] = ['DRAFTING', 'OPEN_FOR_SIGNATURE', 'CLOSED', 'PUBLISHED', 'WITHDRAWN'];

export const statusKey = (status: StatementStatus) => `statements.status.${status}` as MessageKey;
export const signOnKey = (status: SignOnStatus) => `statements.signOn.${status}` as MessageKey;
export const roleKey = (role: StatementParticipantRole) => `statements.role.${role}` as MessageKey;

/** A language code (`tr`, `en`, `de`) in the reader's language. */
export function languageName(code: string, readerLanguage: string): string {
  try {
    return new Intl.DisplayNames([readerLanguage], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** The value of a datetime-local input as an ISO instant (the input is in the reader's time zone). */
export function isoFromLocalInput(value: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** An ISO instant as the value of a datetime-local input, in the reader's time zone. */
export function localInputFromIso(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A stable id for one request, kept until it succeeds so a retry is not done twice. */
export const newClientId = () => crypto.randomUUID();

/** Where drafts of a statement's text are kept (sessionStorage, per statement and language). */
export const draftKeys = (statementId: string) => ({
  title: `statement.${statementId}.title`,
  base: `statement.${statementId}.base`,
  text: (language: string) => `statement.${statementId}.text.${language}`,
  merge: (language: string) => `statement.${statementId}.merge.${language}`,
  mergeTitle: `statement.${statementId}.merge.title`,
  comment: `statement.${statementId}.comment`,
});
