import { useQuery } from '@apollo/client/react';
import { graphql } from '../../gql';
import type { AdminAuditLogQuery } from '../../gql/graphql';
import type { MessageKey } from '../../i18n/en';
import { useI18n, type Translate } from '../../i18n/i18n';
import { QueryState } from '../../ui/Page';
import { AdminMembersDocument } from './admin-data';

const AdminAuditLogDocument = graphql(`
  query AdminAuditLog($organisationId: ID!, $after: String) {
    auditLog(organisationId: $organisationId, first: 20, after: $after) {
      edges {
        node {
          id
          action
          actorUserId
          occurredAt
          subjectType
          subjectId
          metadata
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`);

type Entry = AdminAuditLogQuery['auditLog']['edges'][number]['node'];

/** What happened, in words; an action the client does not know yet is shown by its code. */
function describeAction(entry: Entry, t: Translate): string {
  const key = `admin.audit.action.${entry.action}` as MessageKey;
  const text = t(key);
  return text === key ? entry.action : text;
}

/** The few details that help read an entry (roles, the policy's new state); never content. */
function details(entry: Entry, t: Translate): string | null {
  const m = entry.metadata as Record<string, unknown>;
  const role = (value: unknown) => (value === 'ADMIN' || value === 'MEMBER' ? t(`admin.role.${value}`) : null);
  if (entry.action === 'membership.role_changed' && role(m['from']) && role(m['to'])) {
    return t('admin.audit.roleChange', { from: role(m['from'])!, to: role(m['to'])! });
  }
  if ((entry.action === 'invitation.issued' || entry.action === 'invitation.accepted') && role(m['role'])) return role(m['role']);
  if (entry.action === 'organisation.two_factor_policy_changed') return m['required'] ? t('admin.audit.required') : t('admin.audit.notRequired');
  return null;
}

/** Security-relevant actions in the organisation, newest first. */
export function AuditLogSection({ organisationId }: { organisationId: string }) {
  const { t, formatDateTime } = useI18n();
  const { data, loading, error, refetch, fetchMore } = useQuery(AdminAuditLogDocument, { variables: { organisationId }, fetchPolicy: 'cache-and-network' });
  const members = useQuery(AdminMembersDocument, { variables: { organisationId } });
  const names = new Map((members.data?.members.edges ?? []).map((e) => [e.node.userId, e.node.person.displayName]));
  const person = (userId: string | null | undefined) => (userId ? names.get(userId) ?? t('admin.audit.someoneElse') : t('admin.audit.system'));
  const entries = data?.auditLog.edges.map((e) => e.node) ?? [];
  const pageInfo = data?.auditLog.pageInfo;
  return (
    <section aria-labelledby="admin-audit" className="admin-section">
      <h2 id="admin-audit">{t('admin.audit.title')}</h2>
      <p className="muted">{t('admin.audit.intro')}</p>
      <QueryState loading={loading && !data} error={data ? undefined : error} empty={!!data && entries.length === 0} onRetry={() => void refetch()} />
      {entries.length > 0 ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('admin.audit.caption')}>
          <table className="admin-audit">
            <caption className="visually-hidden">{t('admin.audit.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.audit.when')}</th>
                <th scope="col">{t('admin.audit.who')}</th>
                <th scope="col">{t('admin.audit.what')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => {
                const detail = details(entry, t);
                const subject = entry.subjectType === 'User' && entry.subjectId !== entry.actorUserId ? names.get(entry.subjectId ?? '') : undefined;
                return (
                  <tr key={entry.id}>
                    <td>
                      <time dateTime={entry.occurredAt}>{formatDateTime(entry.occurredAt)}</time>
                    </td>
                    <td>{person(entry.actorUserId)}</td>
                    <td>
                      {describeAction(entry, t)}
                      {subject ? <span className="muted"> — {subject}</span> : null}
                      {detail ? <span className="muted"> ({detail})</span> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {pageInfo?.hasNextPage ? (
        <p>
          <button
            type="button"
            onClick={() =>
              void fetchMore({
                variables: { after: pageInfo.endCursor },
                updateQuery: (prev, { fetchMoreResult }) => ({
                  auditLog: { ...fetchMoreResult.auditLog, edges: [...prev.auditLog.edges, ...fetchMoreResult.auditLog.edges] },
                }),
              })
            }
          >
            {t('app.loadMore')}
          </button>
        </p>
      ) : null}
    </section>
  );
}
