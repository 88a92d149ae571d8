import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { graphql } from '../../gql';
import type { AccountSessionsQuery } from '../../gql/graphql';
import { clearDrafts } from '../../app/drafts';
import { realtime } from '../../app/realtime';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { InlineConfirm } from '../../ui/InlineConfirm';
import { QueryState } from '../../ui/Page';

const AccountSessionsDocument = graphql(`
  query AccountSessions {
    mySessions(first: 100) {
      edges {
        node {
          id
          clientLabel
          createdAt
          lastSeenAt
          current
        }
      }
    }
  }
`);

const RevokeSessionDocument = graphql(`
  mutation AccountRevokeSession($id: ID!) {
    revokeSession(id: $id)
  }
`);

const RevokeAllSessionsDocument = graphql(`
  mutation AccountRevokeAllSessions {
    revokeAllSessions
  }
`);

type Session = AccountSessionsQuery['mySessions']['edges'][number]['node'];

function SessionRow({ session }: { session: Session }) {
  const { t, formatDateTime } = useI18n();
  const { signOut } = useSession();
  const [revoke, { loading, error }] = useMutation(RevokeSessionDocument, { refetchQueries: [AccountSessionsDocument], awaitRefetchQueries: true });
  return (
    <li className="card account-session">
      <h3 className="account-session__label">
        {session.clientLabel}
        {session.current ? <span className="badge account-badge--current">{t('account.sessions.current')}</span> : null}
      </h3>
      <p className="meta">
        <span>{t('account.sessions.lastSeen', { date: formatDateTime(session.lastSeenAt) })}</span>
        <span>{t('account.sessions.signedIn', { date: formatDateTime(session.createdAt) })}</span>
      </p>
      <ErrorMessage error={error} />
      {session.current ? (
        <button type="button" onClick={() => void signOut().catch(() => undefined)}>
          {t('account.sessions.signOutHere')}
        </button>
      ) : (
        <InlineConfirm
          label={t('account.sessions.revoke')}
          question={t('account.sessions.revokeQuestion', { label: session.clientLabel })}
          confirmLabel={t('account.sessions.revokeConfirm')}
          danger
          busy={loading}
          onConfirm={() => revoke({ variables: { id: session.id } }).catch(() => undefined)}
        />
      )}
    </li>
  );
}

/** Where the reader is signed in; end one session, or all of them ("I lost my phone"). */
export function SessionsSection() {
  const { t } = useI18n();
  const client = useApolloClient();
  const { data, loading, error, refetch } = useQuery(AccountSessionsDocument, { fetchPolicy: 'cache-and-network' });
  const [revokeAll, all] = useMutation(RevokeAllSessionsDocument);
  const sessions = data?.mySessions.edges.map((e) => e.node) ?? [];

  const signOutEverywhere = async () => {
    try {
      await revokeAll();
    } catch {
      return; // Shown below the button; nothing was ended.
    }
    // This session has ended too: forget everything held in this tab and return to sign-in.
    realtime.stop();
    clearDrafts();
    await client.clearStore();
    window.location.assign('/sign-in');
  };

  return (
    <section aria-labelledby="sessions" className="account-section">
      <h2 id="sessions" tabIndex={-1}>
        {t('account.sessions.title')}
      </h2>
      <p className="muted">{t('account.sessions.intro')}</p>
      <QueryState loading={loading && !data} error={data ? undefined : error} onRetry={() => void refetch()} />
      <ul className="list">
        {sessions.map((s) => (
          <SessionRow key={s.id} session={s} />
        ))}
      </ul>
      <div className="account-everywhere">
        <h3>{t('account.sessions.everywhereTitle')}</h3>
        <p>{t('account.sessions.everywhereExplain')}</p>
        <ErrorMessage error={all.error} />
        <InlineConfirm
          danger
          label={t('account.sessions.everywhere')}
          question={t('account.sessions.everywhereQuestion')}
          confirmLabel={t('account.sessions.everywhereConfirm')}
          busy={all.loading}
          onConfirm={signOutEverywhere}
        />
      </div>
    </section>
  );
}
