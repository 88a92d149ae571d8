import { useLazyQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useDraft } from '../../app/drafts';
import { realtime } from '../../app/realtime';
import { useI18n } from '../../i18n/i18n';
import { Alert, ErrorMessage } from '../../ui/ErrorMessage';
import { TextArea } from '../../ui/Field';
import type { ThreadMessage } from './model';
import { MessageReceiptsDocument } from './operations';
import { describeSocketFailure } from './socketErrors';

const QUICK_REACTIONS = ['👍', '❤️', '🙏', '👀', '✅'];

interface MessageItemProps {
  message: ThreadMessage;
  viewerId: string;
  canModerate: boolean;
  locked: boolean;
  /** The server's answer to an action on the message, merged into the thread. */
  onChanged(message: ThreadMessage): void;
}

/** One message: its text or tombstone, reactions, acknowledgement and the author's edit and delete. */
export function MessageItem({ message, viewerId, canModerate, locked, onChanged }: MessageItemProps) {
  const { t, formatDateTime } = useI18n();
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const own = message.author.id === viewerId;
  const deleted = message.deletedAt !== null;
  const mayAct = !locked || canModerate;
  const mentionsMe = message.mentionsThread || message.mentionedUserIds.includes(viewerId);

  const act = async (event: string, payload: Record<string, unknown>) => {
    setError(null);
    try {
      const { message: changed } = await realtime.request<{ message: ThreadMessage }>(event, payload);
      onChanged(changed);
      return true;
    } catch (failure) {
      setError(describeSocketFailure(failure, t));
      return false;
    }
  };

  const remove = () => {
    if (window.confirm(t('threads.message.deleteConfirm'))) void act('message:delete', { messageId: message.id });
  };

  return (
    <article className={`thread-message thread-message--${message.importance.toLowerCase()}${mentionsMe ? ' thread-message--mention' : ''}`} aria-labelledby={`message-${message.id}-by`}>
      <header className="thread-message__head">
        <strong id={`message-${message.id}-by`}>{message.author.displayName}</strong>
        <span className="meta">
          <time dateTime={message.createdAt}>{formatDateTime(message.createdAt)}</time>
          {message.editedAt && !deleted ? <span title={formatDateTime(message.editedAt, 'long')}>{t('threads.message.edited')}</span> : null}
          {message.importance !== 'NORMAL' ? <span className="badge">{t(`threads.importance.${message.importance}`)}</span> : null}
          {mentionsMe ? <span className="badge badge--unread">{t('threads.message.mentionsYou')}</span> : null}
        </span>
      </header>
      {deleted ? (
        <p className="muted">
          <em>{t('threads.message.deleted')}</em>
        </p>
      ) : editing ? (
        <EditForm message={message} onDone={() => setEditing(false)} onSave={(body) => act('message:edit', { messageId: message.id, body })} />
      ) : (
        // The API renders Markdown and sanitises it (bodyHtml).
        <div className="prose thread-message__body" dangerouslySetInnerHTML={{ __html: message.bodyHtml ?? '' }} />
      )}
      {!deleted && message.acknowledgementRequested ? (
        <Acknowledgement message={message} own={own} canModerate={canModerate} onAcknowledge={() => void act('message:acknowledge', { messageId: message.id })} />
      ) : null}
      {!deleted ? <Reactions message={message} enabled={mayAct} onReact={(emoji, reacted) => void act('message:react', { messageId: message.id, emoji, reacted })} /> : null}
      {!deleted && !editing && ((own && mayAct) || canModerate) ? (
        <div className="thread-message__actions">
          {own && mayAct ? (
            <button type="button" className="link" onClick={() => setEditing(true)}>
              {t('app.edit')}
              <span className="visually-hidden"> {t('threads.message.yourMessage', { time: formatDateTime(message.createdAt) })}</span>
            </button>
          ) : null}
          <button type="button" className="link" onClick={remove}>
            {t('app.delete')}
            <span className="visually-hidden"> {t('threads.message.byAt', { name: message.author.displayName, time: formatDateTime(message.createdAt) })}</span>
          </button>
        </div>
      ) : null}
      <Alert messages={error ? [error] : []} />
    </article>
  );
}

function EditForm({ message, onSave, onDone }: { message: ThreadMessage; onSave(body: string): Promise<boolean>; onDone(): void }) {
  const { t } = useI18n();
  const [body, setBody, clear] = useDraft(`thread.edit.${message.id}`, message.body ?? '');
  const [saving, setSaving] = useState(false);
  return (
    <form
      className="thread-message__edit"
      onSubmit={async (e) => {
        e.preventDefault();
        setSaving(true);
        const saved = await onSave(body);
        setSaving(false);
        if (saved) {
          clear();
          onDone();
        }
      }}
    >
      <TextArea label={t('threads.message.editLabel')} value={body} onChange={(e) => setBody(e.target.value)} required rows={3} />
      <div className="toolbar">
        <button type="submit" className="primary" disabled={saving}>
          {t('app.save')}
        </button>
        <button
          type="button"
          onClick={() => {
            clear();
            onDone();
          }}
        >
          {t('app.cancel')}
        </button>
      </div>
    </form>
  );
}

function Reactions({ message, enabled, onReact }: { message: ThreadMessage; enabled: boolean; onReact(emoji: string, reacted: boolean): void }) {
  const { t } = useI18n();
  const [picking, setPicking] = useState(false);
  const shown = new Set(message.reactions.map((r) => r.emoji));
  return (
    <div className="thread-reactions" role="group" aria-label={t('threads.reactions.label')}>
      {message.reactions.map((r) => (
        <button
          key={r.emoji}
          type="button"
          className="thread-reaction"
          aria-pressed={r.reactedByMe}
          disabled={!enabled}
          onClick={() => onReact(r.emoji, !r.reactedByMe)}
          aria-label={t(r.reactedByMe ? 'threads.reactions.countMine' : 'threads.reactions.count', { emoji: r.emoji, count: r.count })}
        >
          <span aria-hidden="true">
            {r.emoji} {r.count}
          </span>
        </button>
      ))}
      {enabled ? (
        <button type="button" className="thread-reaction" aria-expanded={picking} onClick={() => setPicking(!picking)}>
          {t('threads.reactions.add')}
        </button>
      ) : null}
      {picking
        ? QUICK_REACTIONS.filter((emoji) => !shown.has(emoji)).map((emoji) => (
            <button
              key={emoji}
              type="button"
              className="thread-reaction"
              aria-label={t('threads.reactions.reactWith', { emoji })}
              onClick={() => {
                setPicking(false);
                onReact(emoji, true);
              }}
            >
              {emoji}
            </button>
          ))
        : null}
    </div>
  );
}

function Acknowledgement({ message, own, canModerate, onAcknowledge }: { message: ThreadMessage; own: boolean; canModerate: boolean; onAcknowledge(): void }) {
  const { t, formatDateTime } = useI18n();
  const [load, { data, loading, error }] = useLazyQuery(MessageReceiptsDocument, { fetchPolicy: 'network-only' });
  const receipts = data?.messageReceipts;
  return (
    <div className="thread-ack">
      <p className="thread-ack__line">
        <strong>{t('threads.ack.requested')}</strong> <span>{t('threads.ack.count', { count: message.acknowledgementCount })}</span>
        {message.acknowledgedByMe ? <span className="badge">{t('threads.ack.done')}</span> : null}
      </p>
      {!own && !message.acknowledgedByMe ? (
        <button type="button" className="primary" onClick={onAcknowledge}>
          {t('threads.ack.action')}
        </button>
      ) : null}
      {own || canModerate ? (
        <details onToggle={(e) => (e.currentTarget.open ? void load({ variables: { messageId: message.id } }) : undefined)}>
          <summary>{t('threads.ack.who')}</summary>
          {loading ? <p role="status">{t('app.loading')}</p> : null}
          <ErrorMessage error={error} />
          {receipts ? (
            <>
              <p className="small">{t('threads.ack.seen', { seen: receipts.seen, audience: receipts.audience })}</p>
              {receipts.acknowledgements && receipts.acknowledgements.length > 0 ? (
                <ul className="small">
                  {receipts.acknowledgements.map((a) => (
                    <li key={a.person.id}>
                      {a.person.displayName} — <time dateTime={a.acknowledgedAt}>{formatDateTime(a.acknowledgedAt)}</time>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="small muted">{t('threads.ack.nobody')}</p>
              )}
            </>
          ) : null}
        </details>
      ) : null}
    </div>
  );
}
