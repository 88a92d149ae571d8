import { useQuery } from '@apollo/client/react';
import { useI18n } from '../../i18n/i18n';
import { QueryState } from '../../ui/Page';
import { BriefingRevisionsDocument } from './operations';
import { TlpTag } from './TlpBanner';

/** Earlier published revisions, each readable in full (the newest is the text above). */
export function BriefingRevisions({ id, current }: { id: string; current: number }) {
  const { t, formatDateTime } = useI18n();
  const { data, loading, error, refetch } = useQuery(BriefingRevisionsDocument, { variables: { id } });
  const earlier = (data?.briefingRevisions ?? []).filter((r) => r.revision !== current);
  return (
    <section className="briefing__section" aria-labelledby="briefing-revisions">
      <h2 id="briefing-revisions">{t('briefings.revisions')}</h2>
      <QueryState loading={loading && !data} error={data ? undefined : error} onRetry={() => void refetch()} />
      {data && earlier.length === 0 ? <p className="muted">{t('briefings.revisions.only')}</p> : null}
      {earlier.map((r) => (
        <details key={r.revision} className="briefing__revision">
          <summary>
            {t('briefings.revisions.show', { revision: r.revision, date: formatDateTime(r.createdAt) })} <TlpTag tlp={r.tlp} />
          </summary>
          <h3>{r.title}</h3>
          {r.summary ? <p><strong>{r.summary}</strong></p> : null}
          <div className="prose" dangerouslySetInnerHTML={{ __html: r.bodyHtml }} />
        </details>
      ))}
    </section>
  );
}
