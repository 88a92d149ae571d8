import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { formErrors } from '../../app/errors';
import type { WorkshopQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { Alert, ErrorMessage } from '../../ui/ErrorMessage';
import { TextArea, TextField } from '../../ui/Field';
import { Agenda, type AgendaItem } from './Agenda';
import { fromLocalInput, readerTimeZone, toLocalInput } from './format';
import { DeleteAgendaSessionDocument, SaveAgendaSessionDocument, WorkshopDocument } from './operations';

/** The agenda with a form to add a session or change one; the API refuses overlaps within a track. */
export function AgendaEditor({ workshop }: { workshop: WorkshopQuery['workshop'] }) {
  const { t } = useI18n();
  const [editing, setEditing] = useState<AgendaItem | null>(null);
  const refetch = { refetchQueries: [{ query: WorkshopDocument, variables: { id: workshop.id } }], awaitRefetchQueries: true };
  const [remove, removing] = useMutation(DeleteAgendaSessionDocument, refetch);
  return (
    <section aria-labelledby="ws-agenda-edit-title">
      <h2 id="ws-agenda-edit-title">{t('workshops.agenda.title')}</h2>
      <ErrorMessage error={removing.error} />
      <Agenda
        sessions={workshop.agenda}
        workshopTimeZone={workshop.timeZone}
        actions={(s) => (
          <>
            <button type="button" onClick={() => setEditing(s)} aria-label={t('workshops.agenda.editNamed', { title: s.title })}>
              {t('workshops.agenda.edit')}
            </button>
            <button type="button" className="danger" disabled={removing.loading} aria-label={t('workshops.agenda.deleteNamed', { title: s.title })} onClick={() => void remove({ variables: { id: s.id } }).catch(() => undefined)}>
              {t('workshops.agenda.delete')}
            </button>
          </>
        )}
      />
      <SessionForm key={editing?.id ?? 'new'} workshop={workshop} session={editing} onDone={() => setEditing(null)} />
    </section>
  );
}

function SessionForm({ workshop, session, onDone }: { workshop: WorkshopQuery['workshop']; session: AgendaItem | null; onDone: () => void }) {
  const { t } = useI18n();
  const [title, setTitle] = useState(session?.title ?? '');
  const [description, setDescription] = useState(session?.description ?? '');
  const [track, setTrack] = useState(session?.track ?? '');
  const [room, setRoom] = useState(session?.room ?? '');
  const [startsAt, setStartsAt] = useState(toLocalInput(session?.startsAt ?? workshop.startsAt));
  const [endsAt, setEndsAt] = useState(toLocalInput(session?.endsAt ?? null));
  const [done, setDone] = useState(false);
  const [save, { loading, error }] = useMutation(SaveAgendaSessionDocument, {
    refetchQueries: [{ query: WorkshopDocument, variables: { id: workshop.id } }],
    awaitRefetchQueries: true,
  });
  const errors = formErrors(error, t);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    const start = fromLocalInput(startsAt);
    const end = fromLocalInput(endsAt);
    try {
      await save({
        variables: {
          input: {
            id: session?.id,
            workshopId: workshop.id,
            title: title.trim(),
            description,
            track: track.trim(),
            room: room.trim() || null,
            startsAt: start ?? '',
            endsAt: end ?? '',
            people: session?.people.flatMap((p) => (p.participant ? [{ participantId: p.participant.id, role: p.role }] : [])) ?? [],
          },
        },
      });
      setDone(true);
      if (!session) {
        setTitle('');
        setDescription('');
        setStartsAt(endsAt);
        setEndsAt('');
      }
      onDone();
    } catch {
      // Shown beside the fields.
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="card ws-form" aria-labelledby="ws-session-form-title">
      <h3 id="ws-session-form-title">{session ? t('workshops.agenda.editTitle', { title: session.title }) : t('workshops.agenda.add')}</h3>
      <p className="field__hint">{t('workshops.form.timesHint', { zone: readerTimeZone() })}</p>
      <Alert messages={errors.general(['title', 'description', 'track', 'room', 'startsAt', 'endsAt', 'people'])} />
      <TextField label={t('workshops.agenda.sessionTitle')} value={title} onChange={(e) => setTitle(e.target.value)} error={errors.field('title')} required />
      <div className="grid-2">
        <TextField label={t('workshops.agenda.startsAt')} type="datetime-local" value={startsAt} onChange={(e) => setStartsAt(e.target.value)} error={errors.field('startsAt')} required />
        <TextField label={t('workshops.agenda.endsAt')} type="datetime-local" value={endsAt} onChange={(e) => setEndsAt(e.target.value)} error={errors.field('endsAt')} required />
      </div>
      <div className="grid-2">
        <TextField label={t('workshops.agenda.trackLabel')} hint={t('workshops.agenda.track.hint')} value={track} onChange={(e) => setTrack(e.target.value)} error={errors.field('track')} optional />
        <TextField label={t('workshops.agenda.roomLabel')} value={room} onChange={(e) => setRoom(e.target.value)} error={errors.field('room')} optional />
      </div>
      <TextArea label={t('workshops.agenda.description')} value={description} onChange={(e) => setDescription(e.target.value)} error={errors.field('description')} optional rows={3} />
      {done ? (
        <p className="success" role="status">
          {t('workshops.agenda.saved')}
        </p>
      ) : null}
      <div className="ws-actions">
        <button type="submit" className="primary" disabled={loading}>
          {session ? t('workshops.save') : t('workshops.agenda.addSubmit')}
        </button>
        {session ? (
          <button type="button" onClick={onDone}>
            {t('workshops.cancelEdit')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
