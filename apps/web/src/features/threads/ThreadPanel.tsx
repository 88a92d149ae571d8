import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { formErrors } from '../../app/errors';
import { useI18n } from '../../i18n/i18n';
import { Alert } from '../../ui/ErrorMessage';
import { TextField } from '../../ui/Field';
import { QueryState } from '../../ui/Page';
import { CreateThreadDocument, ThreadsDocument } from './operations';
import { ThreadView } from './ThreadView';
import './threads.css';

/** As ThreadSpaceKind in the API schema. */
export type ThreadSpaceKind = 'BRIEFING' | 'NETWORK' | 'ORGANISATION' | 'STATEMENT' | 'WORKSHOP';

export interface ThreadPanelProps {
  /** The item or space the threads belong to. */
  spaceKind: ThreadSpaceKind;
  spaceId: string;
}

/** The address keeps the open thread (`?thread=`), so a reload or a shared link opens it again. */
const PARAM = 'thread';

/** The live discussion of a briefing, statement, workshop or space. */
export function ThreadPanel({ spaceKind, spaceId }: ThreadPanelProps) {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const open = params.get(PARAM);
  const setOpen = (threadId: string | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (threadId) next.set(PARAM, threadId);
        else next.delete(PARAM);
        return next;
      },
      { preventScrollReset: true },
    );
  return (
    <section className="thread-panel" aria-labelledby={`threads-${spaceId}`}>
      <h2 id={`threads-${spaceId}`}>{t('threads.panel.title')}</h2>
      {open ? <ThreadView threadId={open} onClose={() => setOpen(null)} /> : <ThreadList spaceKind={spaceKind} spaceId={spaceId} onOpen={setOpen} />}
    </section>
  );
}

function ThreadList({ spaceKind, spaceId, onOpen }: ThreadPanelProps & { onOpen(threadId: string): void }) {
  const { t, formatDateTime } = useI18n();
  const { data, loading, error, refetch } = useQuery(ThreadsDocument, { variables: { spaceKind, spaceId, first: 50 }, fetchPolicy: 'cache-and-network' });
  const threads = data?.threads.edges.map((e) => e.node) ?? [];
  return (
    <>
      <QueryState loading={loading && !data} error={data ? undefined : error} onRetry={() => void refetch()} />
      {data && threads.length === 0 ? <p className="muted">{t('threads.none')}</p> : null}
      {threads.length > 0 ? (
        <ul className="list thread-list">
          {threads.map((thread) => (
            <li key={thread.id} className="card">
              <h3>
                <button type="button" className="link thread-list__open" onClick={() => onOpen(thread.id)}>
                  {thread.title}
                </button>
              </h3>
              <p className="meta">
                {thread.unreadCount > 0 ? <span className="badge badge--unread">{t('threads.unread', { count: thread.unreadCount })}</span> : null}
                {thread.mentionCount > 0 ? <span className="badge badge--unread">{t('threads.mentions', { count: thread.mentionCount })}</span> : null}
                {thread.resolved ? <span className="badge">{t('threads.resolved')}</span> : null}
                {thread.locked ? <span className="badge">{t('threads.locked')}</span> : null}
                <span>{t('threads.lastActivity', { time: formatDateTime(thread.lastActivityAt) })}</span>
              </p>
            </li>
          ))}
        </ul>
      ) : null}
      <NewThread spaceKind={spaceKind} spaceId={spaceId} onCreated={onOpen} />
    </>
  );
}

function NewThread({ spaceKind, spaceId, onCreated }: ThreadPanelProps & { onCreated(threadId: string): void }) {
  const { t } = useI18n();
  const [title, setTitle] = useState('');
  const [create, { loading, error }] = useMutation(CreateThreadDocument, { refetchQueries: [ThreadsDocument] });
  const errors = formErrors(error, t);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const { data } = await create({ variables: { input: { spaceKind, spaceId, title } } });
      if (data) {
        setTitle('');
        onCreated(data.createThread.id);
      }
    } catch {
      // Shown beside the field (formErrors).
    }
  };
  return (
    <form className="thread-new" onSubmit={submit}>
      <h3>{t('threads.new.heading')}</h3>
      <Alert messages={errors.general(['title'])} />
      <TextField label={t('threads.new.title')} hint={t('threads.new.hint')} value={title} onChange={(e) => setTitle(e.target.value)} error={errors.field('title')} required maxLength={200} />
      <button type="submit" className="primary" disabled={loading}>
        {t('threads.new.submit')}
      </button>
    </form>
  );
}
