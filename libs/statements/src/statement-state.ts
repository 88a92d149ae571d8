import { AppError } from '@sw/graphql';

export const STATEMENT_STATUSES = ['DRAFTING', 'OPEN_FOR_SIGNATURE', 'CLOSED', 'PUBLISHED', 'WITHDRAWN'] as const;
export type StatementStatus = (typeof STATEMENT_STATUSES)[number];

export const PARTICIPANT_ROLES = ['LEAD', 'DRAFTER', 'INVITED'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

export const SIGN_ON_STATUSES = ['INVITED', 'REVIEWING', 'APPROVED', 'NEEDS_RECONFIRMATION', 'DECLINED', 'WITHDRAWN'] as const;
export type SignOnStatus = (typeof SIGN_ON_STATUSES)[number];

export type SignatoryOrder = 'ALPHABETICAL' | 'SIGNING_TIME';
export type SuggestionStatus = 'PENDING' | 'ACCEPTED' | 'REJECTED';

/**
 * The statement's life, as the one table every status change goes through: a change is an
 * `UPDATE … WHERE status = ANY(from)`, so two callers racing cannot both move it.
 */
export const TRANSITIONS = {
  open: { from: ['DRAFTING'], to: 'OPEN_FOR_SIGNATURE' },
  close: { from: ['OPEN_FOR_SIGNATURE'], to: 'CLOSED' },
  publish: { from: ['CLOSED'], to: 'PUBLISHED' },
  withdraw: { from: ['DRAFTING', 'OPEN_FOR_SIGNATURE', 'CLOSED', 'PUBLISHED'], to: 'WITHDRAWN' },
} as const satisfies Record<string, { from: readonly StatementStatus[]; to: StatementStatus }>;
export type Transition = keyof typeof TRANSITIONS;
export const TRANSITION_NAMES = Object.keys(TRANSITIONS) as Transition[];

export const canTransition = (transition: Transition, from: StatementStatus): boolean =>
  (TRANSITIONS[transition].from as readonly StatementStatus[]).includes(from);

/** What else each status allows. */
export const STATUS_ALLOWS = {
  /** Saving revisions, suggesting and accepting edits, inviting organisations. */
  editing: ['DRAFTING', 'OPEN_FOR_SIGNATURE'],
  commenting: ['DRAFTING', 'OPEN_FOR_SIGNATURE', 'CLOSED'],
  /** Signing, declining, reviewing, naming signers, adding one's name. */
  signing: ['OPEN_FOR_SIGNATURE'],
  /** Withdrawing a signature: until the statement is published. */
  withdrawingSignature: ['OPEN_FOR_SIGNATURE', 'CLOSED'],
} as const satisfies Record<string, readonly StatementStatus[]>;

export const statusAllows = (what: keyof typeof STATUS_ALLOWS, status: StatementStatus): boolean =>
  (STATUS_ALLOWS[what] as readonly StatementStatus[]).includes(status);

/** Each organisation's own process, in the same shape. */
export const SIGN_ON_STEPS = {
  review: { from: ['INVITED'], to: 'REVIEWING' },
  sign: { from: ['INVITED', 'REVIEWING', 'NEEDS_RECONFIRMATION', 'DECLINED', 'WITHDRAWN'], to: 'APPROVED' },
  decline: { from: ['INVITED', 'REVIEWING', 'NEEDS_RECONFIRMATION', 'WITHDRAWN'], to: 'DECLINED' },
  withdraw: { from: ['APPROVED', 'NEEDS_RECONFIRMATION'], to: 'WITHDRAWN' },
} as const satisfies Record<string, { from: readonly SignOnStatus[]; to: SignOnStatus }>;
export type SignOnStep = keyof typeof SIGN_ON_STEPS;

export const canStep = (step: SignOnStep, from: SignOnStatus): boolean =>
  (SIGN_ON_STEPS[step].from as readonly SignOnStatus[]).includes(from);

const WORDS: Record<StatementStatus, string> = {
  DRAFTING: 'being drafted',
  OPEN_FOR_SIGNATURE: 'open for signature',
  CLOSED: 'closed',
  PUBLISHED: 'published',
  WITHDRAWN: 'withdrawn',
};

/** A CONFLICT naming the status that refused the request. */
export const wrongStatus = (what: string, status: StatementStatus) =>
  new AppError('CONFLICT', `status: cannot ${what} while the statement is ${WORDS[status]} (${status})`, { field: 'status' });
