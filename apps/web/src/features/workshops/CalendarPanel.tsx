import { useApolloClient, useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { fileName, saveFile } from './download';
import { AgendaIcsDocument, CreateCalendarFeedDocument, RevokeCalendarFeedDocument } from './operations';

/** The agenda as an .ics file, and the reader's secret calendar feed of all their workshops. */
export function CalendarPanel({ workshopId, title }: { workshopId: string; title: string }) {
  const { t } = useI18n();
  const client = useApolloClient();
  const [icsError, setIcsError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [feedUrl, setFeedUrl] = useState<string | null>(null);
  const [revoked, setRevoked] = useState(false);
  const [createFeed, feed] = useMutation(CreateCalendarFeedDocument);
  const [revokeFeed, revoke] = useMutation(RevokeCalendarFeedDocument);

  async function downloadIcs() {
    setIcsError(null);
    setBusy(true);
    try {
      const { data } = await client.query({ query: AgendaIcsDocument, variables: { workshopId }, fetchPolicy: 'network-only' });
      if (data) saveFile(new Blob([data.workshopAgendaIcs], { type: 'text/calendar;charset=utf-8' }), fileName(title, 'ics'));
    } catch (caught) {
      setIcsError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="ws-calendar-title">
      <h2 id="ws-calendar-title">{t('workshops.calendar.title')}</h2>
      <p>
        <button type="button" disabled={busy} onClick={() => void downloadIcs()}>
          {t('workshops.calendar.ics')}
        </button>
      </p>
      <ErrorMessage error={icsError} />
      <h3>{t('workshops.calendar.feed')}</h3>
      <p className="muted">{t('workshops.calendar.feed.hint')}</p>
      <div className="ws-actions">
        <button
          type="button"
          disabled={feed.loading}
          onClick={() =>
            void createFeed()
              .then((r) => {
                setRevoked(false);
                setFeedUrl(r.data ? new URL(r.data.createCalendarFeed.url, window.location.origin).href : null);
              })
              .catch(() => undefined)
          }
        >
          {t('workshops.calendar.feed.create')}
        </button>
        <button
          type="button"
          className="danger"
          disabled={revoke.loading}
          onClick={() =>
            void revokeFeed()
              .then(() => {
                setFeedUrl(null);
                setRevoked(true);
              })
              .catch(() => undefined)
          }
        >
          {t('workshops.calendar.feed.revoke')}
        </button>
      </div>
      <ErrorMessage error={feed.error ?? revoke.error} />
      <div role="status" aria-live="polite">
        {feedUrl ? (
          <div className="notice">
            <label htmlFor="ws-feed-url">{t('workshops.calendar.feed.url')}</label>
            <input id="ws-feed-url" readOnly value={feedUrl} onFocus={(e) => e.target.select()} />
            <p className="small">{t('workshops.calendar.feed.secret')}</p>
          </div>
        ) : null}
        {revoked ? <p className="success">{t('workshops.calendar.feed.revoked')}</p> : null}
      </div>
    </section>
  );
}
