import { useMutation, useQuery } from '@apollo/client/react';
import { graphql } from '../../gql';
import type { AdminMembersQuery } from '../../gql/graphql';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { QueryState } from '../../ui/Page';
import { AdminMembersDocument } from './admin-data';
import { InlineConfirm } from '../../ui/InlineConfirm';

const SetMemberRoleDocument = graphql(`
  mutation AdminSetMemberRole($membershipId: ID!, $role: OrganisationRole!) {
    setMemberRole(membershipId: $membershipId, role: $role) {
      id
      role
    }
  }
`);

const SuspendMemberDocument = graphql(`
  mutation AdminSuspendMember($id: ID!, $suspended: Boolean!) {
    suspendMember(id: $id, suspended: $suspended) {
      id
      suspended
    }
  }
`);

const RemoveMemberDocument = graphql(`
  mutation AdminRemoveMember($id: ID!) {
    removeMember(id: $id)
  }
`);

type Member = AdminMembersQuery['members']['edges'][number]['node'];

function MemberRow({ member, organisationId }: { member: Member; organisationId: string }) {
  const { t, formatDate } = useI18n();
  const { viewer, refresh } = useSession();
  const refetchQueries = [{ query: AdminMembersDocument, variables: { organisationId } }, 'AdminAuditLog'];
  const [setRole, role] = useMutation(SetMemberRoleDocument, { refetchQueries: ['AdminAuditLog'] });
  const [suspend, suspension] = useMutation(SuspendMemberDocument, { refetchQueries: ['AdminAuditLog'] });
  const [remove, removal] = useMutation(RemoveMemberDocument, { refetchQueries, awaitRefetchQueries: true });
  const self = member.userId === viewer.id;
  const name = member.person.displayName;
  const error = role.error ?? suspension.error ?? removal.error;
  const busy = role.loading || suspension.loading || removal.loading;
  // A change to one's own membership changes what the session may do.
  const afterOwnChange = () => (self ? refresh() : undefined);
  const ignore = () => undefined;

  return (
    <li className="card admin-row">
      <div className="admin-row__head">
        <h3 className="admin-row__name">
          {name}
          {self ? <span className="muted"> ({t('admin.members.you')})</span> : null}
        </h3>
        <p className="meta">
          <span className="badge">{t(`admin.role.${member.role}`)}</span>
          {member.suspended ? <span className="badge admin-badge--suspended">{t('admin.members.suspended')}</span> : null}
          <span>{t('admin.members.since', { date: formatDate(member.createdAt) })}</span>
        </p>
      </div>
      <ErrorMessage error={error} />
      <div className="admin-actions">
        {member.role === 'MEMBER' ? (
          <InlineConfirm
            label={t('admin.members.makeAdmin')}
            question={t('admin.members.makeAdminQuestion', { name })}
            confirmLabel={t('admin.members.makeAdmin')}
            busy={busy}
            onConfirm={() => setRole({ variables: { membershipId: member.id, role: 'ADMIN' } }).then(afterOwnChange, ignore)}
          />
        ) : (
          <InlineConfirm
            label={t('admin.members.makeMember')}
            question={self ? t('admin.members.makeMemberSelfQuestion') : t('admin.members.makeMemberQuestion', { name })}
            confirmLabel={t('admin.members.makeMember')}
            busy={busy}
            onConfirm={() => setRole({ variables: { membershipId: member.id, role: 'MEMBER' } }).then(afterOwnChange, ignore)}
          />
        )}
        {member.suspended ? (
          <InlineConfirm
            label={t('admin.members.reinstate')}
            question={t('admin.members.reinstateQuestion', { name })}
            confirmLabel={t('admin.members.reinstate')}
            busy={busy}
            onConfirm={() => suspend({ variables: { id: member.id, suspended: false } }).then(ignore, ignore)}
          />
        ) : self ? null : (
          <InlineConfirm
            danger
            label={t('admin.members.suspend')}
            question={t('admin.members.suspendQuestion', { name })}
            confirmLabel={t('admin.members.suspendConfirm')}
            busy={busy}
            onConfirm={() => suspend({ variables: { id: member.id, suspended: true } }).then(ignore, ignore)}
          />
        )}
        <InlineConfirm
          danger
          label={t('admin.members.remove')}
          question={self ? t('admin.members.removeSelfQuestion') : t('admin.members.removeQuestion', { name })}
          confirmLabel={t('admin.members.removeConfirm')}
          busy={busy}
          onConfirm={() => remove({ variables: { id: member.id } }).then(afterOwnChange, ignore)}
        />
      </div>
    </li>
  );
}

/** Everyone in the organisation, with their role and whether they are suspended. */
export function MembersSection({ organisationId }: { organisationId: string }) {
  const { t, compare } = useI18n();
  const { data, loading, error, refetch, fetchMore } = useQuery(AdminMembersDocument, { variables: { organisationId } });
  const members = [...(data?.members.edges.map((e) => e.node) ?? [])].sort(
    (a, b) => Number(b.role === 'ADMIN') - Number(a.role === 'ADMIN') || compare(a.person.displayName, b.person.displayName),
  );
  const pageInfo = data?.members.pageInfo;
  return (
    <section aria-labelledby="admin-members" className="admin-section">
      <h2 id="admin-members">{t('admin.members.title')}</h2>
      <p className="muted">{t('admin.members.intro')}</p>
      <QueryState loading={loading && !data} error={data ? undefined : error} empty={!!data && members.length === 0} onRetry={() => void refetch()} />
      <ul className="list">
        {members.map((m) => (
          <MemberRow key={m.id} member={m} organisationId={organisationId} />
        ))}
      </ul>
      {pageInfo?.hasNextPage ? (
        <p>
          <button
            type="button"
            onClick={() =>
              void fetchMore({
                variables: { after: pageInfo.endCursor },
                updateQuery: (prev, { fetchMoreResult }) => ({
                  members: { ...fetchMoreResult.members, edges: [...prev.members.edges, ...fetchMoreResult.members.edges] },
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
