import { useParams } from 'react-router';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { Page } from '../../ui/Page';
import { AuditLogSection } from './AuditLogSection';
import { InvitationsSection } from './InvitationsSection';
import { MembersSection } from './MembersSection';
import { TwoFactorPolicySection } from './TwoFactorPolicySection';
import './admin.css';

/** One organisation's administration: members, invitations, the two-factor policy and the audit log. */
export function OrganisationAdminPage() {
  const { t } = useI18n();
  const { organisationId } = useParams();
  const { adminOf } = useSession();
  const organisation = adminOf.find((o) => o.id === organisationId);
  if (!organisation) {
    return (
      <Page title={t('admin.title')}>
        <p>{t('admin.notAdmin')}</p>
      </Page>
    );
  }
  return (
    <Page title={t('admin.organisationTitle', { name: organisation.name })}>
      <nav aria-label={t('admin.sections')} className="admin-toc">
        <ul>
          <li>
            <a href="#admin-members">{t('admin.members.title')}</a>
          </li>
          <li>
            <a href="#admin-invitations">{t('admin.invitations.title')}</a>
          </li>
          <li>
            <a href="#admin-two-factor">{t('admin.twoFactor.title')}</a>
          </li>
          <li>
            <a href="#admin-audit">{t('admin.audit.title')}</a>
          </li>
        </ul>
      </nav>
      <MembersSection organisationId={organisation.id} />
      <InvitationsSection organisationId={organisation.id} />
      <TwoFactorPolicySection organisation={organisation} />
      <AuditLogSection organisationId={organisation.id} />
    </Page>
  );
}
