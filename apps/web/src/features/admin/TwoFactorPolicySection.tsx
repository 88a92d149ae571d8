import { useMutation } from '@apollo/client/react';
import { Link } from 'react-router';
import { graphql } from '../../gql';
import { formErrors, hasCode } from '../../app/errors';
import { useSession, type OrganisationSummary } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { Alert } from '../../ui/ErrorMessage';
import { InlineConfirm } from '../../ui/InlineConfirm';

const SetRequiresTwoFactorDocument = graphql(`
  mutation AdminSetRequiresTwoFactor($organisationId: ID!, $required: Boolean!) {
    setOrganisationRequiresTwoFactor(organisationId: $organisationId, required: $required) {
      id
      requiresTwoFactor
    }
  }
`);

/** Whether members must use a second factor for the organisation to grant them anything. */
export function TwoFactorPolicySection({ organisation }: { organisation: OrganisationSummary }) {
  const { t } = useI18n();
  const { viewer, refresh } = useSession();
  const [setRequired, { loading, error }] = useMutation(SetRequiresTwoFactorDocument, { refetchQueries: ['AdminAuditLog'] });
  // The API refuses to require it of an admin who has not set it up (they would lose their own rights).
  const errors = hasCode(error, 'CONFLICT') && !viewer.twoFactorEnabled ? [t('admin.twoFactor.youFirst')] : formErrors(error, t).general();
  const required = organisation.requiresTwoFactor;
  const change = (next: boolean) =>
    setRequired({ variables: { organisationId: organisation.id, required: next } }).then(
      () => refresh(),
      () => undefined,
    );
  return (
    <section aria-labelledby="admin-two-factor" className="admin-section">
      <h2 id="admin-two-factor">{t('admin.twoFactor.title')}</h2>
      <p role="status">
        <strong>{required ? t('admin.twoFactor.isRequired') : t('admin.twoFactor.notRequired')}</strong>
      </p>
      <p>{t('admin.twoFactor.explain')}</p>
      {!required ? (
        <div className="notice">
          <p>{t('admin.twoFactor.warning')}</p>
          {!viewer.twoFactorEnabled ? (
            <p>
              {t('admin.twoFactor.youFirst')} <Link to="/account#two-factor">{t('admin.twoFactor.setUpYours')}</Link>
            </p>
          ) : null}
        </div>
      ) : null}
      <Alert messages={errors} />
      {required ? (
        <InlineConfirm
          label={t('admin.twoFactor.stop')}
          question={t('admin.twoFactor.stopQuestion')}
          confirmLabel={t('admin.twoFactor.stop')}
          busy={loading}
          onConfirm={() => change(false)}
        />
      ) : (
        <InlineConfirm
          disabled={!viewer.twoFactorEnabled}
          label={t('admin.twoFactor.require')}
          question={t('admin.twoFactor.requireQuestion')}
          confirmLabel={t('admin.twoFactor.requireConfirm')}
          busy={loading}
          onConfirm={() => change(true)}
        />
      )}
    </section>
  );
}
