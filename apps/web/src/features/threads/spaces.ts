import { useQuery } from '@apollo/client/react';
import { useMemo } from 'react';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { NetworksDocument } from './operations';

export interface Space {
  kind: 'NETWORK' | 'ORGANISATION';
  id: string;
  name: string;
}

export const spacePath = (space: Pick<Space, 'kind' | 'id'>, threadId?: string) =>
  `/discussions/${space.kind.toLowerCase()}/${space.id}${threadId ? `?thread=${threadId}` : ''}`;

/** The network and organisation spaces the viewer can read, in the language's order. */
export function useSpaces() {
  const { organisations } = useSession();
  const { compare } = useI18n();
  const { data, loading, error, refetch } = useQuery(NetworksDocument, { fetchPolicy: 'cache-and-network' });
  const spaces = useMemo(() => {
    const byName = (a: Space, b: Space) => compare(a.name, b.name);
    const networks: Space[] = (data?.networks.edges ?? []).map((e) => ({ kind: 'NETWORK' as const, id: e.node.id, name: e.node.name })).sort(byName);
    const own: Space[] = organisations.map((o) => ({ kind: 'ORGANISATION' as const, id: o.id, name: o.name })).sort(byName);
    return { networks, organisations: own };
  }, [data, organisations, compare]);
  return { ...spaces, loading: loading && !data, error: data ? undefined : error, refetch };
}
