import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { clearDraftKey } from './drafts';
import { formErrors } from '../../app/errors';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { SelectField } from '../../ui/Field';
import { Page } from '../../ui/Page';
import { CreateWorkshopDocument } from './operations';
import { WorkshopForm } from './WorkshopForm';
import './workshops.css';

/** An organisation admin creates a workshop (in planning); audience, agenda and opening follow on the edit screen. */
export function CreateWorkshopPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { adminOf } = useSession();
  const [organisationId, setOrganisationId] = useState(adminOf[0]?.id ?? '');
  const [create, { loading, error }] = useMutation(CreateWorkshopDocument);
  const errors = formErrors(error, t);
  if (adminOf.length === 0) {
    return (
      <Page title={t('workshops.create.title')}>
        <p className="notice">{t('workshops.create.adminsOnly')}</p>
      </Page>
    );
  }
  return (
    <Page title={t('workshops.create.title')}>
      <p className="muted">{t('workshops.create.intro')}</p>
      <WorkshopForm
        draftKey="workshops.new"
        error={error}
        busy={loading}
        submitLabel={t('workshops.create.submit')}
        before={
          <SelectField label={t('workshops.form.organisation')} value={organisationId} onChange={(e) => setOrganisationId(e.target.value)} error={errors.field('organisationId')}>
            {adminOf.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </SelectField>
        }
        onSubmit={(fields) =>
          void create({ variables: { input: { organisationId, ...fields, startsAt: fields.startsAt ?? undefined, endsAt: fields.endsAt ?? undefined } } })
            .then((r) => {
              clearDraftKey('workshops.new.description');
              if (r.data) void navigate(`/workshops/${r.data.createWorkshop.id}/edit`, { state: { created: true } });
            })
            .catch(() => undefined)
        }
      />
    </Page>
  );
}
