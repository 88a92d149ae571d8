import { useQuery } from '@apollo/client/react';
import { useI18n } from '../../i18n/i18n';
import { QueryState } from '../../ui/Page';
import { AttachFileForm } from './AttachFileForm';
import { BriefingAttachmentsDocument } from './operations';

/**
 * Files of the briefing; each link is served only to its readers (the session cookie goes with it).
 * `mayAttach` (the source, while the briefing is not retracted) adds the upload form, even to an empty list.
 */
export function BriefingAttachments({ id, mayAttach = false }: { id: string; mayAttach?: boolean }) {
  const { t, formatDateTime } = useI18n();
  const { data, loading, error, refetch } = useQuery(BriefingAttachmentsDocument, { variables: { id } });
  const attachments = data?.briefingAttachments ?? [];
  if (data && attachments.length === 0 && !mayAttach) return null;
  return (
    <section className="briefing__section" aria-labelledby="briefing-attachments">
      <h2 id="briefing-attachments">{t('briefings.attachments')}</h2>
      <QueryState loading={loading && !data} error={data ? undefined : error} onRetry={() => void refetch()} />
      {data && attachments.length === 0 ? <p className="muted">{t('briefings.attachments.none')}</p> : null}
      {attachments.length > 0 ? (
        <ul className="list">
          {attachments.map((a) => (
            <li key={a.id}>
              <a href={a.downloadPath} download={a.filename}>
                {t('briefings.attachments.download', { filename: a.filename })}
              </a>{' '}
              <span className="meta">
                {a.contentType}, {t('briefings.size.kb', { size: Math.max(1, Math.round(a.sizeBytes / 1024)) })}, <time dateTime={a.createdAt}>{formatDateTime(a.createdAt)}</time>
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {mayAttach ? <AttachFileForm briefingId={id} onAttached={() => refetch()} /> : null}
    </section>
  );
}
