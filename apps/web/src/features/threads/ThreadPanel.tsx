/** As ThreadSpaceKind in the API schema. */
export type ThreadSpaceKind = 'BRIEFING' | 'NETWORK' | 'ORGANISATION' | 'STATEMENT' | 'WORKSHOP';

export interface ThreadPanelProps {
  /** The item or space the threads belong to. */
  spaceKind: ThreadSpaceKind;
  spaceId: string;
}

/** The live discussion of a briefing, statement, workshop or space. */
export function ThreadPanel(_props: ThreadPanelProps) {
  return null;
}
