import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { graphql } from '../../gql';
import type { AdminInvitationsQuery, OrganisationRole } from '../../gql/graphql';
import { formErrors } from '../../app/errors';
import { useI18n } from '../../i18n/i18n';
import { Alert, ErrorMessage } from '../../ui/ErrorMessage';
import { SelectField, TextField } from '../../ui/Field';
import { QueryState } from '../../ui/Page';
import { InlineConfirm } from '../../ui/InlineConfirm';

const AdminInvitationsDocument = graphql(`
  query AdminInvitations($organisationId: ID!, $after: String) {
    invitations(organisationId: $organisationId, first: 50, after: $after) {
      edges {
        node {
          id
          email
          role
          createdAt
          expiresAt
          acceptedAt
          revokedAt
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`);

const CreateInvitationDocument = graphql(`
  mutation AdminCreateInvitation($input: CreateInvitationInput!) {
    createInvitation(input: $input) {
      token
      invitation {
        id
        email
        role
        expiresAt
      }
    }
  }
`);

const RevokeInvitationDocument = graphql(`
  mutation AdminRevokeInvitation($id: ID!) {
    revokeInvitation(id: $id) {
      id
      revokedAt
    }
  }
`);

type Invitation = AdminInvitationsQuery['invitations']['edges'][number]['node'];

/** The link of a new invitation: shown once, never stored, gone when dismissed. */
function IssuedLink({ email, link, expiresAt, onDone }: { email: string; link: string; expiresAt: string; onDone: () => void }) {
  const { t, formatDateTime } = useI18n();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div className="success admin-issued">
      <h3 ref={heading} tabIndex={-1}>
        {t('admin.invitations.issuedTitle', { email })}
      </h3>
      <p>
        <strong>{t('admin.invitations.onlyNow')}</strong> {t('admin.invitations.shareHow', { date: formatDateTime(expiresAt) })}
      </p>
      <TextField label={t('admin.invitations.link')} value={link} readOnly onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
      <div className="admin-actions">
        <button
          type="button"
          className="primary"
          onClick={() =>
            navigator.clipboard.writeText(link).then(
              () => setCopied('yes'),
              () => setCopied('failed'),
            )
          }
        >
          {t('admin.invitations.copy')}
        </button>
        <button type="button" onClick={onDone}>
          {t('admin.invitations.done')}
        </button>
      </div>
      <p role="status" className="small">
        {copied === 'yes' ? t('admin.invitations.copied') : copied === 'failed' ? t('admin.invitations.copyFailed') : ''}
      </p>
    </div>
  );
}

function InviteForm({ organisationId, onIssued }: { organisationId: string; onIssued: () => void }) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<OrganisationRole>('MEMBER');
  const [issued, setIssued] = useState<{ email: string; link: string; expiresAt: string } | null>(null);
  const [create, { loading, error }] = useMutation(CreateInvitationDocument, { refetchQueries: ['AdminAuditLog'] });
  const errors = formErrors(error, t);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const { data } = await create({ variables: { input: { organisationId, email: email.trim(), role } } });
      if (!data) return;
      const { token, invitation } = data.createInvitation;
      // The token goes after '#': browsers never send the fragment to a server or in a Referer.
      setIssued({ email: invitation.email, link: `${window.location.origin}/invitation#${token}`, expiresAt: invitation.expiresAt });
      setEmail('');
      setRole('MEMBER');
      onIssued();
    } catch {
      // Shown beside the fields from `error`.
    }
  };

  if (issued) return <IssuedLink {...issued} onDone={() => setIssued(null)} />;
  return (
    <form onSubmit={submit} className="admin-form" noValidate>
      <h3>{t('admin.invitations.new')}</h3>
      <Alert messages={errors.general(['email', 'role'])} />
      <TextField
        label={t('admin.invitations.email')}
        hint={t('admin.invitations.emailHint')}
        type="email"
        name="email"
        autoComplete="off"
        required
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={errors.field('email')}
      />
      <SelectField label={t('admin.invitations.role')} value={role} onChange={(e) => setRole(e.target.value as OrganisationRole)} error={errors.field('role')}>
        <option value="MEMBER">{t('admin.role.MEMBER')}</option>
        <option value="ADMIN">{t('admin.role.ADMIN')}</option>
      </SelectField>
      <button type="submit" className="primary" disabled={loading}>
        {loading ? t('admin.invitations.creating') : t('admin.invitations.create')}
      </button>
    </form>
  );
}

function InvitationRow({ invitation }: { invitation: Invitation }) {
  const { t, formatDateTime } = useI18n();
  const [revoke, { loading, error }] = useMutation(RevokeInvitationDocument, { refetchQueries: ['AdminAuditLog'] });
  const expired = Date.parse(invitation.expiresAt) < Date.now();
  const state = invitation.acceptedAt ? 'accepted' : invitation.revokedAt ? 'revoked' : expired ? 'expired' : 'pending';
  return (
    <li className="card admin-row">
      <h3 className="admin-row__name">{invitation.email}</h3>
      <p className="meta">
        <span className="badge">{t(`admin.role.${invitation.role}`)}</span>
        <span className={`badge admin-badge--${state}`}>{t(`admin.invitations.state.${state}`)}</span>
        <span>{t('admin.invitations.created', { date: formatDateTime(invitation.createdAt) })}</span>
        {state === 'pending' ? <span>{t('admin.invitations.expires', { date: formatDateTime(invitation.expiresAt) })}</span> : null}
      </p>
      <ErrorMessage error={error} />
      {state === 'pending' ? (
        <InlineConfirm
          danger
          label={t('admin.invitations.revoke')}
          question={t('admin.invitations.revokeQuestion', { email: invitation.email })}
          confirmLabel={t('admin.invitations.revokeConfirm')}
          busy={loading}
          onConfirm={() => revoke({ variables: { id: invitation.id } }).catch(() => undefined)}
        />
      ) : null}
    </li>
  );
}

/** Invite people by a one-time link, and see or revoke the invitations already made. */
export function InvitationsSection({ organisationId }: { organisationId: string }) {
  const { t } = useI18n();
  const { data, loading, error, refetch, fetchMore } = useQuery(AdminInvitationsDocument, { variables: { organisationId } });
  const invitations = data?.invitations.edges.map((e) => e.node) ?? [];
  const pageInfo = data?.invitations.pageInfo;
  return (
    <section aria-labelledby="admin-invitations" className="admin-section">
      <h2 id="admin-invitations">{t('admin.invitations.title')}</h2>
      <InviteForm organisationId={organisationId} onIssued={() => void refetch()} />
      <h3>{t('admin.invitations.list')}</h3>
      <QueryState loading={loading && !data} error={data ? undefined : error} onRetry={() => void refetch()} />
      {data && invitations.length === 0 ? <p className="muted">{t('admin.invitations.none')}</p> : null}
      <ul className="list">
        {invitations.map((i) => (
          <InvitationRow key={i.id} invitation={i} />
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
                  invitations: { ...fetchMoreResult.invitations, edges: [...prev.invitations.edges, ...fetchMoreResult.invitations.edges] },
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
