import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { AcknowledgeBriefingDocument } from './operations';

/** "I have read this", for each organisation of the reader's: the source sees it in its roll-up. */
export function AcknowledgeBriefing({ id }: { id: string }) {
  const { t } = useI18n();
  const { viewer, organisationName } = useSession();
  const [acknowledge, { loading, error }] = useMutation(AcknowledgeBriefingDocument);
  const [done, setDone] = useState<string[]>([]);
  const [failedFor, setFailedFor] = useState('');
  const organisations = viewer.memberships.filter((m) => !m.suspended).map((m) => m.organisationId);
  if (organisations.length === 0) return null;
  return (
    <section className="briefing__section card" aria-labelledby="briefing-ack">
      <h2 id="briefing-ack">{t('briefings.ack.title')}</h2>
      <p>{t('briefings.ack.text')}</p>
      <div className="briefing__actions">
        {organisations.map((organisationId) =>
          done.includes(organisationId) ? null : (
            <button
              key={organisationId}
              type="button"
              disabled={loading}
              onClick={() => {
                setFailedFor(organisationId);
                void acknowledge({ variables: { id, organisationId } }).then(
                  () => setDone((d) => [...d, organisationId]),
                  () => undefined,
                );
              }}
            >
              {t('briefings.ack.button', { organisation: organisationName(organisationId) })}
            </button>
          ),
        )}
      </div>
      {error && failedFor ? <ErrorMessage error={error} /> : null}
      <div role="status">
        {done.map((organisationId) => (
          <p key={organisationId} className="success">
            {t('briefings.ack.done', { organisation: organisationName(organisationId) })}
          </p>
        ))}
      </div>
    </section>
  );
}
