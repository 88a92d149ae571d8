import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { useI18n } from '../../i18n/i18n';
import { Page, QueryState } from '../../ui/Page';
import { AgendaEditor } from './AgendaEditor';
import { AudienceEditor } from './AudienceEditor';
import { clearDraftKey } from './drafts';
import { UpdateWorkshopDocument, WorkshopDocument } from './operations';
import { StatusControl } from './StatusControl';
import { WorkshopForm } from './WorkshopForm';
import './workshops.css';

/** The organisers' screen for a workshop: who it is for, its status, its fields and its agenda. */
export function EditWorkshopPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const location = useLocation();
  const created = (location.state as { created?: boolean } | null)?.created;
  const { data, loading, error, refetch } = useQuery(WorkshopDocument, { variables: { id } });
  const [update, updating] = useMutation(UpdateWorkshopDocument);
  const [saved, setSaved] = useState(false);
  const w = data?.workshop;
  if (!w) {
    return (
      <Page title={t('workshops.edit.title')}>
        <QueryState loading={loading} error={error} onRetry={() => void refetch()} />
      </Page>
    );
  }
  if (!w.viewerIsOrganiser) {
    return (
      <Page title={t('workshops.edit.title')}>
        <p className="notice">{t('workshops.organisersOnly')}</p>
      </Page>
    );
  }
  return (
    <Page title={t('workshops.edit.titleFor', { title: w.title })}>
      <p>
        <Link to={`/workshops/${id}`}>{t('workshops.backToWorkshop')}</Link>
      </p>
      {created ? (
        <p className="success" role="status">
          {t('workshops.create.done')}
        </p>
      ) : null}
      <StatusControl workshop={w} />
      <AudienceEditor workshopId={w.id} audience={w.audience} />
      <section aria-labelledby="ws-fields-title">
        <h2 id="ws-fields-title">{t('workshops.edit.fields')}</h2>
        {saved ? (
          <p className="success" role="status">
            {t('workshops.edit.saved')}
          </p>
        ) : null}
        <WorkshopForm
          key={w.id}
          draftKey={`workshops.${w.id}`}
          initial={w}
          error={updating.error}
          busy={updating.loading}
          submitLabel={t('workshops.save')}
          onSubmit={(fields) => {
            setSaved(false);
            void update({
              variables: { input: { id: w.id, ...fields, startsAt: fields.startsAt ?? undefined, endsAt: fields.endsAt ?? undefined } },
              refetchQueries: [{ query: WorkshopDocument, variables: { id } }],
            })
              .then(() => {
                clearDraftKey(`workshops.${w.id}.description`);
                setSaved(true);
              })
              .catch(() => undefined);
          }}
        />
      </section>
      <AgendaEditor workshop={w} />
    </Page>
  );
}
