import { useQuery } from '@apollo/client/react';
import { useI18n } from '../../i18n/i18n';
import { QueryState } from '../../ui/Page';
import { BriefingReceiptsDocument } from './operations';

/** For the source: per organisation reached, who has read it and who acknowledged for it. */
export function BriefingReceipts({ id }: { id: string }) {
  const { t, formatDateTime, compare } = useI18n();
  const { data, loading, error, refetch } = useQuery(BriefingReceiptsDocument, { variables: { id }, fetchPolicy: 'cache-and-network' });
  const receipts = [...(data?.briefingReceipts ?? [])].sort((a, b) => compare(a.organisation.name, b.organisation.name));
  return (
    <section className="briefing__section" aria-labelledby="briefing-receipts">
      <h2 id="briefing-receipts">{t('briefings.receipts.title')}</h2>
      <QueryState loading={loading && !data} error={data ? undefined : error} onRetry={() => void refetch()} />
      {data && receipts.length === 0 ? <p className="muted">{t('briefings.receipts.none')}</p> : null}
      {receipts.length > 0 ? (
        // Focusable so the table can be scrolled sideways from the keyboard on a narrow screen.
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('briefings.receipts.caption')}>
          <table>
            <caption className="visually-hidden">{t('briefings.receipts.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('briefings.receipts.organisation')}</th>
                <th scope="col">{t('briefings.receipts.read')}</th>
                <th scope="col">{t('briefings.receipts.readers')}</th>
                <th scope="col">{t('briefings.receipts.acknowledged')}</th>
              </tr>
            </thead>
            <tbody>
              {receipts.map((r) => (
                <tr key={r.organisation.id}>
                  <th scope="row">{r.organisation.name}</th>
                  <td>{t('briefings.receipts.readOf', { read: r.readers.length, members: r.members })}</td>
                  <td>
                    {r.readers.length === 0 ? (
                      <span className="muted">{t('briefings.receipts.notYet')}</span>
                    ) : (
                      <ul className="list">
                        {r.readers.map((reader) => (
                          <li key={reader.userId}>
                            {reader.displayName}
                            {reader.at ? (
                              <>
                                {', '}
                                <time dateTime={reader.at}>{formatDateTime(reader.at)}</time>
                              </>
                            ) : null}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td>
                    {r.acknowledgedBy ? (
                      t('briefings.receipts.ackBy', { name: r.acknowledgedBy.displayName, date: r.acknowledgedBy.at ? formatDateTime(r.acknowledgedBy.at) : '' })
                    ) : (
                      <span className="muted">{t('briefings.receipts.notYet')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
