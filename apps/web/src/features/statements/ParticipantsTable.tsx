import type { StatementQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { roleKey, signOnKey } from './labels';

type Participant = StatementQuery['statement']['participants'][number];

/** The organisations taking part that I may see, and where each one's sign-on stands. */
export function ParticipantsTable({ participants }: { participants: Participant[] }) {
  const { t, formatDateTime } = useI18n();
  return (
    <section aria-labelledby="statement-participants">
      <h2 id="statement-participants">{t('statements.participants.title')}</h2>
      <div className="table-wrap" role="region" aria-label={t('statements.participants.title')} tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('statements.participants.organisation')}</th>
              <th scope="col">{t('statements.participants.role')}</th>
              <th scope="col">{t('statements.participants.signOn')}</th>
            </tr>
          </thead>
          <tbody>
            {participants.map((p) => (
              <tr key={p.organisationId}>
                <th scope="row">{p.organisationName}</th>
                <td>{t(roleKey(p.role))}</td>
                <td>
                  <span className={`signon signon--${p.signOnStatus}`}>{t(signOnKey(p.signOnStatus))}</span>
                  {p.signedAt && p.signedRevisionNumber ? (
                    <span className="small muted">
                      {' '}
                      · {t('statements.signedRevision', { number: p.signedRevisionNumber, date: formatDateTime(p.signedAt) })}
                    </span>
                  ) : null}
                  {p.declineReason ? <p className="small">{t('statements.signOn.reason', { reason: p.declineReason })}</p> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
