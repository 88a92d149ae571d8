import type { ThreadSpaceKind } from '../../gql/graphql';

export interface ThreadPanelProps {
  /** The item or space the threads belong to. */
  spaceKind: ThreadSpaceKind;
  spaceId: string;
}

/** The live discussion of a briefing, statement, workshop or space. */
export function ThreadPanel(_props: ThreadPanelProps) {
  return null;
}
