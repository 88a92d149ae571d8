import type { Tlp } from '../../gql/graphql';

/** Strictest first, as the standard lists them. */
export const TLP_LEVELS: Tlp[] = ['RED', 'AMBER_STRICT', 'AMBER', 'GREEN', 'CLEAR'];

export type RecipientKind = 'people' | 'organisations' | 'networks';

/** Whom each level may be shared with (the API's rule, so the picker offers nothing it would refuse). */
export const RECIPIENTS_ALLOWED: Record<Tlp, RecipientKind[]> = {
  RED: ['people'],
  AMBER_STRICT: ['people', 'organisations'],
  AMBER: ['people', 'organisations'],
  GREEN: ['people', 'organisations', 'networks'],
  CLEAR: [],
};

/** The standard's label: TLP:AMBER+STRICT, TLP:RED… */
export const tlpLabel = (tlp: Tlp): string => `TLP:${tlp === 'AMBER_STRICT' ? 'AMBER+STRICT' : tlp}`;

/** Levels looser than `tlp`, for asking the source to share wider. */
export const looserThan = (tlp: Tlp): Tlp[] => TLP_LEVELS.slice(TLP_LEVELS.indexOf(tlp) + 1);
