import { useMemo, useState } from 'react';
import type { WorkshopQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { SelectField } from '../../ui/Field';
import { localDayKey, readerTimeZone } from './format';

export type AgendaItem = WorkshopQuery['workshop']['agenda'][number];

/** Sessions by day and time in the reader's own time zone, with a choice of track when there are several. */
export function Agenda({ sessions, workshopTimeZone, actions }: { sessions: AgendaItem[]; workshopTimeZone: string; actions?: (s: AgendaItem) => React.ReactNode }) {
  const { t, formatDate, compare, language } = useI18n();
  const [track, setTrack] = useState('');
  const tracks = useMemo(() => [...new Set(sessions.map((s) => s.track))].sort(compare), [sessions, compare]);
  const days = useMemo(() => {
    const chosen = sessions
      .filter((s) => !track || s.track === track)
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || compare(a.track, b.track));
    const byDay = new Map<string, AgendaItem[]>();
    for (const s of chosen) byDay.set(localDayKey(s.startsAt), [...(byDay.get(localDayKey(s.startsAt)) ?? []), s]);
    return [...byDay.entries()];
  }, [sessions, track, compare]);
  const time = useMemo(() => new Intl.DateTimeFormat(language === 'tr' ? 'tr-TR' : 'en-GB', { timeStyle: 'short' }), [language]);
  const zone = readerTimeZone();
  if (sessions.length === 0) return <p className="muted">{t('workshops.agenda.empty')}</p>;
  return (
    <div className="ws-agenda">
      <p className="muted small">
        {zone === workshopTimeZone ? t('workshops.agenda.zoneSame', { zone }) : t('workshops.agenda.zone', { zone, workshopZone: workshopTimeZone })}
      </p>
      {tracks.length > 1 ? (
        <SelectField label={t('workshops.agenda.track')} value={track} onChange={(e) => setTrack(e.target.value)}>
          <option value="">{t('workshops.agenda.allTracks')}</option>
          {tracks.map((name) => (
            <option key={name} value={name}>
              {name || t('workshops.agenda.mainTrack')}
            </option>
          ))}
        </SelectField>
      ) : null}
      {days.map(([day, items]) => (
        <section key={day} aria-labelledby={`ws-day-${day}`}>
          <h3 id={`ws-day-${day}`}>{formatDate(items[0]!.startsAt)}</h3>
          <ol className="list">
            {items.map((s) => (
              <li key={s.id} className="ws-session">
                <p className="ws-session__time">
                  <time dateTime={s.startsAt}>{time.format(new Date(s.startsAt))}</time>–<time dateTime={s.endsAt}>{time.format(new Date(s.endsAt))}</time>
                </p>
                <div>
                  <h4 className="ws-session__title">{s.title}</h4>
                  <p className="meta">
                    {tracks.length > 1 || s.track ? <span>{t('workshops.agenda.trackName', { track: s.track || t('workshops.agenda.mainTrack') })}</span> : null}
                    {s.room ? <span>{t('workshops.agenda.room', { room: s.room })}</span> : null}
                  </p>
                  {s.description ? <p className="ws-session__text">{s.description}</p> : null}
                  {s.people.some((p) => p.participant?.displayName) ? (
                    <p className="meta">
                      {s.people
                        .filter((p) => p.participant?.displayName)
                        .map((p) => `${p.participant!.displayName} (${t(`workshops.sessionRole.${p.role}`)})`)
                        .join(', ')}
                    </p>
                  ) : null}
                  {actions ? <div className="ws-actions">{actions(s)}</div> : null}
                </div>
              </li>
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}
