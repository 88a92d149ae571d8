import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useDraft } from '../../app/drafts';
import { realtime } from '../../app/realtime';
import { useI18n } from '../../i18n/i18n';
import { SelectField, TextArea } from '../../ui/Field';
import { mentionsIn, newClientId, type Importance, type OutgoingPost, type Person } from './model';
import { describeSocketFailure } from './socketErrors';
import type { PostFailure } from './useThreadFeed';

const TYPING_EVERY_MS = 2_500;

interface ComposerProps {
  threadId: string;
  /** Who can be named with @ (people met in the thread). */
  people: Person[];
  outbox: OutgoingPost[];
  failure: PostFailure | null;
  live: boolean;
  post(post: OutgoingPost): Promise<void>;
  retry(post: OutgoingPost): Promise<void>;
}

/**
 * Writing a message. The text is a draft (it survives a reload) and is cleared only once the
 * server has acknowledged the post; until then it is shown as waiting and re-sent after a reconnect.
 */
export function Composer({ threadId, people, outbox, failure, live, post, retry }: ComposerProps) {
  const { t, compare } = useI18n();
  const [body, setBody, clearBody] = useDraft(`thread.${threadId}.message`);
  const [importance, setImportance] = useState<Importance>('NORMAL');
  const [askAck, setAskAck] = useState(false);
  const lastTyping = useRef(0);
  const waiting = outbox.length > 0;
  const hadWaiting = useRef(waiting);

  // The post went through (here or after a reconnect): the draft has done its job.
  useEffect(() => {
    if (hadWaiting.current && !waiting && !failure?.refused) {
      clearBody();
      setAskAck(false);
      setImportance('NORMAL');
    }
    hadWaiting.current = waiting;
  }, [waiting, failure, clearBody]);

  const typed = (text: string) => {
    setBody(text);
    const now = Date.now();
    if (live && text !== '' && now - lastTyping.current > TYPING_EVERY_MS) {
      lastTyping.current = now;
      realtime.request('thread:typing', { threadId }).catch(() => undefined);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (waiting || body.trim() === '') return;
    const mentions = mentionsIn(body, people);
    post({
      clientId: newClientId(),
      threadId,
      body,
      importance,
      requestAcknowledgement: askAck,
      mentionUserIds: mentions.userIds,
      mentionThread: mentions.thread,
    }).catch(() => undefined);
  };

  const mention = (value: string) => {
    if (!value) return;
    const name = value === '@thread' ? '@thread' : `@${people.find((p) => p.id === value)?.displayName ?? ''}`;
    typed(`${body}${body === '' || body.endsWith(' ') || body.endsWith('\n') ? '' : ' '}${name} `);
  };

  const error = failure ? describeSocketFailure(failure.error, t) : undefined;
  const status = !waiting ? null : failure && !failure.refused ? t('threads.composer.waitingRetry') : live ? t('threads.composer.sending') : t('threads.composer.waitingOffline');

  return (
    <form className="thread-composer" onSubmit={submit} aria-label={t('threads.composer.label')}>
      <TextArea
        label={t('threads.composer.message')}
        hint={t('threads.composer.hint')}
        value={body}
        onChange={(e) => typed(e.target.value)}
        readOnly={waiting}
        error={failure?.refused ? error : undefined}
        rows={3}
      />
      <div className="thread-composer__options">
        <SelectField label={t('threads.composer.mention')} value="" onChange={(e) => mention(e.target.value)} disabled={waiting}>
          <option value="">{t('threads.composer.mentionChoose')}</option>
          <option value="@thread">{t('threads.composer.mentionThread')}</option>
          {[...people].sort((a, b) => compare(a.displayName, b.displayName)).map((p) => (
            <option key={p.id} value={p.id}>
              {p.displayName}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('threads.composer.importance')} value={importance} onChange={(e) => setImportance(e.target.value as Importance)} disabled={waiting}>
          {(['NORMAL', 'IMPORTANT', 'URGENT'] as const).map((level) => (
            <option key={level} value={level}>
              {t(`threads.importance.${level}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <label className="check">
        <input type="checkbox" checked={askAck} onChange={(e) => setAskAck(e.target.checked)} disabled={waiting} />
        {t('threads.composer.askAck')}
      </label>
      <p role="status" className={status ? 'notice' : 'visually-hidden'}>
        {status}
        {failure && !failure.refused && waiting ? ` ${error}` : ''}
      </p>
      <div className="toolbar">
        <button type="submit" className="primary" disabled={waiting || body.trim() === ''}>
          {t('app.send')}
        </button>
        {waiting && failure && !failure.refused && live ? (
          <button type="button" onClick={() => outbox.forEach((p) => void retry(p).catch(() => undefined))}>
            {t('threads.composer.retry')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
