import { useMutation, useQuery } from '@apollo/client/react';
import { useRef, useState, type FormEvent } from 'react';
import { useDraft } from '../../app/drafts';
import { formErrors } from '../../app/errors';
import type { StatementCommentsQuery, StatementQuery, StatementSuggestionsQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { Alert, ErrorMessage } from '../../ui/ErrorMessage';
import { SelectField, TextArea, TextField } from '../../ui/Field';
import { draftKeys, languageName, newClientId } from './labels';
import { AcceptSuggestionDocument, CommentDocument, CommentsDocument, RejectSuggestionDocument, ResolveCommentDocument, StatementDocument, SuggestDocument, SuggestionsDocument } from './operations';

type Statement = StatementQuery['statement'];

/** The organisation I act for in this statement: a lead or drafting one first. */
const actingOrganisation = (statement: Statement) => {
  const mine = statement.participants.filter((p) => statement.viewer.organisationIds.includes(p.organisationId));
  return (mine.find((p) => p.role !== 'INVITED') ?? mine[0])?.organisationId;
};

/** Comments on the text and suggested edits, which a lead organisation accepts (a new revision) or rejects. */
export function DiscussionPanel({ statement }: { statement: Statement }) {
  const { t } = useI18n();
  const commentsQuery = useQuery(CommentsDocument, { variables: { id: statement.id } });
  const suggestionsQuery = useQuery(SuggestionsDocument, { variables: { id: statement.id } });
  const names = new Map(statement.participants.map((p) => [p.organisationId, p.organisationName]));
  const comments = commentsQuery.data?.statement.comments.edges.map((e) => e.node) ?? [];
  const suggestions = suggestionsQuery.data?.statement.suggestions.edges.map((e) => e.node) ?? [];
  const data = commentsQuery.data && suggestionsQuery.data;
  const loading = commentsQuery.loading || suggestionsQuery.loading;
  const error = commentsQuery.error ?? suggestionsQuery.error;
  const refetch = () => Promise.all([commentsQuery.refetch(), suggestionsQuery.refetch()]);
  const editing = statement.status === 'DRAFTING' || statement.status === 'OPEN_FOR_SIGNATURE';
  return (
    <section aria-labelledby="statement-discussion" className="statement-discussion">
      <h2 id="statement-discussion">{t('statements.discussion.title')}</h2>
      {!data ? <p role={loading ? 'status' : undefined}>{loading ? t('app.loading') : null}</p> : null}
      <ErrorMessage error={error} />
      <div className="grid-2">
        <div>
          <h3>{t('statements.suggestions.title')}</h3>
          {data && suggestions.length === 0 ? <p className="muted">{t('statements.suggestions.none')}</p> : null}
          <ul className="list">
            {suggestions.map((s) => (
              <Suggestion key={s.id} suggestion={s} statement={statement} organisationName={s.organisationId ? names.get(s.organisationId) : undefined} onChange={() => void refetch()} />
            ))}
          </ul>
          {editing ? <SuggestForm statement={statement} onDone={() => void refetch()} /> : null}
        </div>
        <div>
          <h3>{t('statements.comments.title')}</h3>
          {data && comments.length === 0 ? <p className="muted">{t('statements.comments.none')}</p> : null}
          <ul className="list">
            {comments.map((c) => (
              <Comment key={c.id} comment={c} organisationName={c.organisationId ? names.get(c.organisationId) : undefined} canResolve={statement.status !== 'PUBLISHED' && statement.status !== 'WITHDRAWN'} />
            ))}
          </ul>
          {statement.status !== 'PUBLISHED' && statement.status !== 'WITHDRAWN' ? <CommentForm statement={statement} onDone={() => void refetch()} /> : null}
        </div>
      </div>
    </section>
  );
}

type SuggestionNode = StatementSuggestionsQuery['statement']['suggestions']['edges'][number]['node'];
type CommentNode = StatementCommentsQuery['statement']['comments']['edges'][number]['node'];

function Suggestion({ suggestion, statement, organisationName, onChange }: { suggestion: SuggestionNode; statement: Statement; organisationName?: string; onChange(): void }) {
  const { t, language } = useI18n();
  const lead = statement.participants.find((p) => p.role === 'LEAD' && statement.viewer.organisationIds.includes(p.organisationId))?.organisationId;
  const [accept, acceptState] = useMutation(AcceptSuggestionDocument, { refetchQueries: [StatementDocument] });
  const [reject, rejectState] = useMutation(RejectSuggestionDocument);
  const busy = acceptState.loading || rejectState.loading;
  const act = (action: () => Promise<unknown>) => void action().then(onChange, () => undefined);
  return (
    <li className="card">
      <p className="meta">
        <span className="badge">{t(`statements.suggestions.status.${suggestion.status}`)}</span>
        {organisationName ? <span>{organisationName}</span> : null}
        <span>{languageName(suggestion.language, language)}</span>
      </p>
      <p lang={suggestion.language}>
        <span className="visually-hidden">{t('statements.suggestions.replace')} </span>
        <del>{suggestion.quote}</del>
      </p>
      <p lang={suggestion.language}>
        <span className="visually-hidden">{t('statements.suggestions.with')} </span>
        <ins>{suggestion.replacement}</ins>
      </p>
      {suggestion.note ? <p className="small">{suggestion.note}</p> : null}
      <ErrorMessage error={acceptState.error ?? rejectState.error} />
      {statement.viewer.lead && suggestion.status === 'PENDING' ? (
        <div className="signon-actions">
          <button type="button" className="primary" disabled={busy} onClick={() => act(() => accept({ variables: { id: suggestion.id, organisationId: lead } }))}>
            {t('statements.suggestions.accept')}
          </button>
          <button type="button" disabled={busy} onClick={() => act(() => reject({ variables: { id: suggestion.id } }))}>
            {t('statements.suggestions.reject')}
          </button>
        </div>
      ) : null}
    </li>
  );
}

function Comment({ comment, organisationName, canResolve }: { comment: CommentNode; organisationName?: string; canResolve: boolean }) {
  const { t, formatDateTime } = useI18n();
  const [resolve, { loading, error }] = useMutation(ResolveCommentDocument);
  return (
    <li className={`card${comment.resolved ? ' statement-comment--resolved' : ''}`}>
      <p className="meta">
        {comment.authorName ? <span>{comment.authorName}</span> : null}
        {organisationName ? <span>{organisationName}</span> : null}
        <span>{formatDateTime(comment.createdAt)}</span>
        {comment.resolved ? <span className="badge">{t('statements.comments.resolved')}</span> : null}
      </p>
      {comment.quote ? <blockquote>{comment.quote}</blockquote> : null}
      <p className="statement-text__body">{comment.body}</p>
      <ErrorMessage error={error} />
      {canResolve ? (
        <button type="button" className="link" disabled={loading} onClick={() => void resolve({ variables: { id: comment.id, resolved: !comment.resolved } }).catch(() => undefined)}>
          {comment.resolved ? t('statements.comments.reopen') : t('statements.comments.resolve')}
        </button>
      ) : null}
    </li>
  );
}

function LanguageSelect({ statement, value, onChange, error }: { statement: Statement; value: string; onChange(v: string): void; error?: string }) {
  const { t, language } = useI18n();
  if (statement.languages.length < 2) return null;
  return (
    <SelectField label={t('statements.discussion.language')} value={value} onChange={(e) => onChange(e.target.value)} error={error}>
      {statement.languages.map((code) => (
        <option key={code} value={code}>
          {languageName(code, language)}
        </option>
      ))}
    </SelectField>
  );
}

function CommentForm({ statement, onDone }: { statement: Statement; onDone(): void }) {
  const { t } = useI18n();
  const [body, setBody, clearBody] = useDraft(draftKeys(statement.id).comment);
  const [quote, setQuote] = useState('');
  const [language, setLanguage] = useState(statement.referenceLanguage);
  const [comment, { loading, error, reset }] = useMutation(CommentDocument);
  const clientId = useRef(newClientId());
  const [done, setDone] = useState('');
  const errors = formErrors(error, t);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    reset();
    setDone('');
    try {
      await comment({
        variables: {
          input: {
            clientId: clientId.current,
            statementId: statement.id,
            revisionId: statement.currentRevision.id,
            organisationId: actingOrganisation(statement),
            body,
            quote: quote.trim() ? quote : null,
            language: quote.trim() ? language : null,
          },
        },
      });
      clientId.current = newClientId();
      clearBody();
      setQuote('');
      setDone(t('statements.comments.added'));
      onDone();
    } catch {
      // Shown beside the fields; the comment stays.
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <h4>{t('statements.comments.add')}</h4>
      <Alert messages={errors.general(['body', 'quote', 'language'])} />
      <TextArea label={t('statements.comments.body')} value={body} onChange={(e) => setBody(e.target.value)} error={errors.field('body')} rows={3} />
      <TextField label={t('statements.comments.quote')} hint={t('statements.comments.quoteHint')} optional value={quote} onChange={(e) => setQuote(e.target.value)} error={errors.field('quote')} />
      <LanguageSelect statement={statement} value={language} onChange={setLanguage} error={errors.field('language')} />
      <p role="status" className={done ? 'success' : 'visually-hidden'}>
        {done}
      </p>
      <button type="submit" disabled={loading || !body.trim()}>
        {t('statements.comments.submit')}
      </button>
    </form>
  );
}

function SuggestForm({ statement, onDone }: { statement: Statement; onDone(): void }) {
  const { t } = useI18n();
  const [quote, setQuote] = useState('');
  const [replacement, setReplacement] = useState('');
  const [note, setNote] = useState('');
  const [language, setLanguage] = useState(statement.referenceLanguage);
  const [suggest, { loading, error, reset }] = useMutation(SuggestDocument);
  const clientId = useRef(newClientId());
  const [done, setDone] = useState('');
  const errors = formErrors(error, t);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    reset();
    setDone('');
    try {
      await suggest({
        variables: {
          input: {
            clientId: clientId.current,
            statementId: statement.id,
            revisionId: statement.currentRevision.id,
            organisationId: actingOrganisation(statement),
            language,
            quote,
            replacement,
            note: note.trim() ? note : null,
          },
        },
      });
      clientId.current = newClientId();
      setQuote('');
      setReplacement('');
      setNote('');
      setDone(t('statements.suggestions.added'));
      onDone();
    } catch {
      // Shown beside the fields.
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <h4>{t('statements.suggestions.add')}</h4>
      <Alert messages={errors.general(['quote', 'replacement', 'language', 'note'])} />
      <LanguageSelect statement={statement} value={language} onChange={setLanguage} error={errors.field('language')} />
      <TextArea label={t('statements.suggestions.quote')} hint={t('statements.suggestions.quoteHint')} value={quote} onChange={(e) => setQuote(e.target.value)} error={errors.field('quote')} rows={2} />
      <TextArea label={t('statements.suggestions.replacement')} value={replacement} onChange={(e) => setReplacement(e.target.value)} error={errors.field('replacement')} rows={2} />
      <TextField label={t('statements.suggestions.note')} optional value={note} onChange={(e) => setNote(e.target.value)} error={errors.field('note')} />
      <p role="status" className={done ? 'success' : 'visually-hidden'}>
        {done}
      </p>
      <button type="submit" disabled={loading || !quote || !replacement}>
        {t('statements.suggestions.submit')}
      </button>
    </form>
  );
}
