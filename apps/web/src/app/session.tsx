import { useApolloClient, useQuery } from '@apollo/client/react';
import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { hasStoredLanguage, useI18n } from '../i18n/i18n';
import { QueryState } from '../ui/Page';
import { graphql } from '../gql';
import type { ViewerQuery } from '../gql/graphql';
import { hasCode } from './errors';
import { clearDrafts } from './drafts';
import { realtime } from './realtime';

export const ViewerDocument = graphql(`
  query Viewer {
    me {
      id
      displayName
      email
      locale
      isOperator
      twoFactorEnabled
      organisationsRequiringTwoFactor
      memberships {
        id
        organisationId
        role
        suspended
      }
    }
    organisations(first: 100) {
      edges {
        node {
          id
          name
          slug
          requiresTwoFactor
        }
      }
    }
  }
`);

const SignOutDocument = graphql(`
  mutation SignOut {
    signOut
  }
`);

export type Viewer = ViewerQuery['me'];
export type OrganisationSummary = ViewerQuery['organisations']['edges'][number]['node'];

export interface SessionState {
  viewer: Viewer;
  /** The organisations the viewer belongs to, with names. */
  organisations: OrganisationSummary[];
  organisationName(id: string): string;
  /** Organisations where the viewer is an admin (and not suspended). */
  adminOf: OrganisationSummary[];
  signOut(): Promise<void>;
  refresh(): Promise<unknown>;
}

const SessionContext = createContext<SessionState | null>(null);

/** Loads the signed-in person; renders `signedOut` when there is no valid session. */
export function SessionProvider({ children, signedOut, loading }: { children: ReactNode; signedOut: ReactNode; loading: ReactNode }) {
  const client = useApolloClient();
  const { data, error, refetch, loading: fetching } = useQuery(ViewerDocument, { fetchPolicy: 'network-only', errorPolicy: 'none' });
  const { setLanguage } = useI18n();
  const savedLocale = data?.me.locale;
  useEffect(() => {
    // On a device with no choice of its own, the account's language applies.
    if (savedLocale && !hasStoredLanguage()) setLanguage(savedLocale);
  }, [savedLocale, setLanguage]);
  const signOut = useCallback(async () => {
    try {
      await client.mutate({ mutation: SignOutDocument });
    } finally {
      realtime.stop();
      clearDrafts();
      await client.clearStore();
      window.location.assign('/sign-in');
    }
  }, [client]);
  const state = useMemo<SessionState | null>(() => {
    if (!data) return null;
    const organisations = data.organisations.edges.map((e) => e.node);
    const names = new Map(organisations.map((o) => [o.id, o.name]));
    const adminIds = new Set(data.me.memberships.filter((m) => m.role === 'ADMIN' && !m.suspended).map((m) => m.organisationId));
    return {
      viewer: data.me,
      organisations,
      organisationName: (id) => names.get(id) ?? id,
      adminOf: organisations.filter((o) => adminIds.has(o.id)),
      signOut,
      refresh: () => refetch(),
    };
  }, [data, signOut, refetch]);
  if (error && hasCode(error, 'UNAUTHENTICATED')) return <>{signedOut}</>;
  if (!state && error) return <main id="main" className="main"><QueryState loading={fetching} error={error} onRetry={() => void refetch()} /></main>;
  if (!state) return <>{loading}</>;
  return <SessionContext.Provider value={state}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
