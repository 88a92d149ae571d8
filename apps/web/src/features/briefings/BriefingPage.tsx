import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { hasCode } from '../../app/errors';
import { useSession } from '../../app/session';
import type { BriefingQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Page, QueryState } from '../../ui/Page';
import { ThreadPanel } from '../threads/ThreadPanel';
import { AcknowledgeBriefing } from './AcknowledgeBriefing';
import { BriefingAttachments } from './BriefingAttachments';
import { BriefingAudienceSummary } from './BriefingAudienceSummary';
import { BriefingReceipts } from './BriefingReceipts';
import { BriefingRevisions } from './BriefingRevisions';
import { BriefingDocument, MarkBriefingReadDocument, PublishBriefingDocument, RetractBriefingDocument } from './operations';
import { ShareWider } from './ShareWider';
import { TlpBanner } from './TlpBanner';
import './briefings.css';

export type BriefingDetail = BriefingQuery['briefing'];

/** The same answer for a briefing that does not exist and one not shared with the reader. */
export function BriefingNotFound() {
  const { t } = useI18n();
  return (
    <Page title={t('briefings.notFound')}>
      <p>{t('briefings.notFound.text')}</p>
      <p>
        <Link to="/briefings">{t('briefings.backToList')}</Link>
      </p>
    </Page>
  );
}

/** An id the API refuses as malformed is, to the reader, just as absent as one it does not know. */
export const isNotFound = (error: unknown) => hasCode(error, 'NOT_FOUND') || hasCode(error, 'BAD_USER_INPUT');

/** The reading view: the TLP banner and handling rule first, then the text and everything around it. */
export function BriefingPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { data, loading, error, refetch } = useQuery(BriefingDocument, { variables: { id }, fetchPolicy: 'cache-and-network' });
  const briefing = data?.briefing;
  const [markRead] = useMutation(MarkBriefingReadDocument);
  const shouldMark = briefing?.status === 'PUBLISHED' && !briefing.viewerHasRead;
  useEffect(() => {
    if (shouldMark) void markRead({ variables: { id } }).catch(() => undefined);
  }, [shouldMark, id, markRead]);

  if (!briefing) {
    if (error && isNotFound(error)) return <BriefingNotFound />;
    return (
      <Page title={t('briefings.title')}>
        <QueryState loading={loading} error={error} onRetry={() => void refetch()} />
      </Page>
    );
  }
  const isSource = briefing.source !== null;
  const published = briefing.status === 'PUBLISHED';
  return (
    <Page title={briefing.title}>
      <TlpBanner tlp={briefing.tlp} />
      <BriefingMeta briefing={briefing} />
      <BriefingActions briefing={briefing} />
      {briefing.summary ? <p className="briefing__summary"><strong>{briefing.summary}</strong></p> : null}
      <div className="prose" lang={briefing.language === 'other' ? undefined : briefing.language} dangerouslySetInnerHTML={{ __html: briefing.bodyHtml }} />
      <BriefingAttachments id={briefing.id} mayAttach={isSource && briefing.status !== 'RETRACTED'} />
      {briefing.revision > 1 ? <BriefingRevisions id={briefing.id} current={briefing.revision} /> : null}
      {published && !isSource ? <AcknowledgeBriefing id={briefing.id} /> : null}
      {published ? <ShareWider briefing={briefing} /> : null}
      {isSource ? <BriefingAudienceSummary briefing={briefing} /> : null}
      {isSource && briefing.status !== 'DRAFT' ? <BriefingReceipts id={briefing.id} /> : null}
      {published ? (
        <section className="briefing__section">
          <ThreadPanel spaceKind="BRIEFING" spaceId={briefing.id} />
        </section>
      ) : null}
    </Page>
  );
}

function BriefingMeta({ briefing }: { briefing: BriefingDetail }) {
  const { t, formatDateTime } = useI18n();
  const origin = briefing.source?.originOrganisation;
  return (
    <div className="briefing__meta">
      <p className="meta">
        <span>{t('briefings.from', { organisation: briefing.organisation.name })}</span>
        {briefing.publishedAt ? (
          <time dateTime={briefing.publishedAt}>{t('briefings.publishedAt', { date: formatDateTime(briefing.publishedAt, 'long') })}</time>
        ) : (
          <span>{t('briefings.notPublished')}</span>
        )}
        {briefing.revision > 1 ? <span>{t('briefings.revision', { revision: briefing.revision })}</span> : null}
        {briefing.tags.map((tag) => (
          <span key={tag} className="badge">
            {tag}
          </span>
        ))}
      </p>
      {origin ? <p className="meta">{t('briefings.onBehalfOf', { organisation: origin.name })}</p> : null}
      {briefing.status !== 'PUBLISHED' ? <p className="notice">{t(`briefings.status.${briefing.status}`)}</p> : null}
    </div>
  );
}

/** Edit, publish and retract, for whoever the API lets (it answers FORBIDDEN otherwise, shown here). */
function BriefingActions({ briefing }: { briefing: BriefingDetail }) {
  const { t } = useI18n();
  const [done, setDone] = useState('');
  const [publish, publishing] = useMutation(PublishBriefingDocument, { refetchQueries: ['Briefing', 'BriefingsList'] });
  const [retract, retracting] = useMutation(RetractBriefingDocument, { refetchQueries: ['Briefing', 'BriefingsList'] });
  const { viewer } = useSession();
  const isSource = briefing.source !== null;
  const isDraft = briefing.status === 'DRAFT';
  // A draft reaches a non-source only when they approve publication on behalf of their organisation.
  const mayPublish = isDraft && viewer.memberships.length > 0;
  if (!isSource && !mayPublish) return null;
  return (
    <div>
      <div className="briefing__actions" role="group" aria-label={t('briefings.actions')}>
        {isSource && briefing.status !== 'RETRACTED' ? (
          <Link className="button" to={`/briefings/${briefing.id}/edit`}>
            {isDraft ? t('briefings.edit') : t('briefings.editPublished')}
          </Link>
        ) : null}
        {mayPublish ? (
          <button
            type="button"
            className="primary"
            disabled={publishing.loading}
            onClick={() => {
              if (window.confirm(t('briefings.publish.confirm'))) void publish({ variables: { id: briefing.id } }).then(() => setDone(t('briefings.published.ok')), () => undefined);
            }}
          >
            {t('briefings.publish')}
          </button>
        ) : null}
        {isSource && briefing.status === 'PUBLISHED' ? (
          <button
            type="button"
            className="danger"
            disabled={retracting.loading}
            onClick={() => {
              if (window.confirm(t('briefings.retract.confirm'))) void retract({ variables: { id: briefing.id } }).then(() => setDone(t('briefings.retracted.ok')), () => undefined);
            }}
          >
            {t('briefings.retract')}
          </button>
        ) : null}
      </div>
      <ErrorMessage error={publishing.error ?? retracting.error} />
      <p role="status" className={done ? 'success' : 'visually-hidden'}>
        {done}
      </p>
    </div>
  );
}
