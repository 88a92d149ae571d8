/** Traffic Light Protocol 2.0, strictest first. */
export const TLP_LEVELS = ['RED', 'AMBER_STRICT', 'AMBER', 'GREEN', 'CLEAR'] as const;
export type Tlp = (typeof TLP_LEVELS)[number];

export type RecipientKind = 'USER' | 'ORGANISATION' | 'NETWORK_MEMBERS' | 'NETWORK_ALL';
/** Grants the briefing itself implies (its author, its organisations, everyone for CLEAR). */
export type StructuralKind = 'AUTHOR' | 'PUBLISHER' | 'PUBLISHER_REVIEW' | 'ORIGIN' | 'EVERYONE';
export type GrantKind = RecipientKind | StructuralKind;

/** The principal of the EVERYONE grant (the column is NOT NULL and part of the key). */
export const EVERYONE_PRINCIPAL = '00000000-0000-0000-0000-000000000000';

/** Which recipients a level allows: RED only named people, AMBER(+STRICT) people and organisations, GREEN also networks. */
export const RECIPIENTS_ALLOWED: Record<Tlp, readonly RecipientKind[]> = {
  RED: ['USER'],
  AMBER_STRICT: ['USER', 'ORGANISATION'],
  AMBER: ['USER', 'ORGANISATION'],
  GREEN: ['USER', 'ORGANISATION', 'NETWORK_MEMBERS', 'NETWORK_ALL'],
  CLEAR: ['USER', 'ORGANISATION', 'NETWORK_MEMBERS', 'NETWORK_ALL'],
};

/** The handling rule shown with a briefing, in words (TLP 2.0). */
export const HANDLING: Record<Tlp, string> = {
  RED: 'For the eyes and ears of the named recipients only; no further disclosure.',
  AMBER_STRICT: "Limited disclosure, restricted to the recipients' organisation only.",
  AMBER: "Limited disclosure: recipients may share with their organisation and its clients on a need-to-know basis.",
  GREEN: 'Limited disclosure: recipients may share within their community (the named networks), not publicly.',
  CLEAR: 'Disclosure is not limited.',
};

/** True when `next` is at least as strict as `current` (a tightening or no change). */
export const isTightening = (current: Tlp, next: Tlp): boolean => TLP_LEVELS.indexOf(next) <= TLP_LEVELS.indexOf(current);
