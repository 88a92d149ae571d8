import { useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { readDraft, useDraft } from '../../app/drafts';
import { formErrors } from '../../app/errors';
import type { StatementQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { Alert } from '../../ui/ErrorMessage';
import { TextArea, TextField } from '../../ui/Field';
import { Page, QueryState } from '../../ui/Page';
import { ConflictResolver } from './ConflictResolver';
import { DiscussionPanel } from './DiscussionPanel';
import { draftKeys, languageName } from './labels';
import { StatementDocument } from './operations';
import { clearStatementDrafts, useSaveRevision, type RevisionConflict } from './useSaveRevision';
import './statements.css';

type Statement = StatementQuery['statement'];

/** The drafting editor of lead and drafting organisations: title and every language's text, saved as a new revision. */
export function EditorPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { data, loading, error, refetch } = useQuery(StatementDocument, { variables: { id } });
  const [conflict, setConflict] = useState<RevisionConflict | null>(null);
  const [saved, setSaved] = useState('');
  const [fresh, setFresh] = useState(0);
  const statement = data?.statement;
  if (!statement) {
    return (
      <Page title={t('statements.editor.title')}>
        <QueryState loading={loading} error={error} onRetry={() => void refetch()} />
      </Page>
    );
  }
  const onSaved = (number: number) => {
    setConflict(null);
    setSaved(t('statements.editor.saved', { number }));
  };
  return (
    <Page title={t('statements.editor.titleOf', { title: statement.title })}>
      <p>
        <Link to={`/statements/${id}`}>{t('statements.backToStatement')}</Link>
      </p>
      <p role="status" className={saved ? 'success' : 'visually-hidden'}>
        {saved}
      </p>
      {!statement.viewer.canRevise ? <p className="notice">{t('statements.editor.cannotRevise')}</p> : null}
      {conflict ? (
        <ConflictResolver key={conflict.currentRevision.id} statement={statement} conflict={conflict} onConflict={setConflict} onSaved={onSaved} />
      ) : statement.viewer.canRevise ? (
        <Editor
          key={`${statement.currentRevision.id}-${fresh}`}
          statement={statement}
          onConflict={setConflict}
          onSaved={onSaved}
          onEdit={() => setSaved('')}
          onDiscarded={() => setFresh((n) => n + 1)}
        />
      ) : null}
      {statement.viewer.canComment ? <DiscussionPanel statement={statement} /> : null}
    </Page>
  );
}

/** The organisation a drafter saves for: one of mine that leads or drafts. */
export function draftingOrganisation(statement: Statement): string | undefined {
  return statement.participants.find((p) => statement.viewer.organisationIds.includes(p.organisationId) && (p.role === 'LEAD' || p.role === 'DRAFTER'))?.organisationId;
}

interface EditorProps {
  statement: Statement;
  onConflict(conflict: RevisionConflict): void;
  onSaved(number: number): void;
  onEdit(): void;
  onDiscarded(): void;
}

function Editor({ statement, onConflict, onSaved, onEdit, onDiscarded }: EditorProps) {
  const { t } = useI18n();
  const current = statement.currentRevision;
  const keys = draftKeys(statement.id);
  const [base, setBase] = useDraft(keys.base, current.id);
  const [title, setTitle] = useDraft(keys.title, current.title);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const { save, loading, error, reset } = useSaveRevision(statement.id, statement.languages, draftingOrganisation(statement));
  const errors = formErrors(error, t);
  const textOf = (language: string) => readDraft(keys.text(language)) ?? current.texts.find((x) => x.language === language)?.body ?? '';
  const edited = () => {
    setBase(base);
    onEdit();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    reset();
    try {
      const outcome = await save(base, title, statement.languages.map((language) => ({ language, body: textOf(language) })));
      if ('conflict' in outcome) onConflict(outcome.conflict);
      else onSaved(outcome.saved);
    } catch {
      // Shown beside the fields; the drafts stay.
    }
  };

  const discard = () => {
    clearStatementDrafts(statement.id, statement.languages);
    onDiscarded();
  };

  const ordered = [...statement.languages].sort((a, b) => (a === statement.referenceLanguage ? -1 : b === statement.referenceLanguage ? 1 : 0));
  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="statement-form" aria-labelledby="statement-editor-heading">
      <h2 id="statement-editor-heading">{t('statements.editor.heading', { number: current.number })}</h2>
      {base !== current.id ? <p className="notice">{t('statements.editor.stale', { number: current.number })}</p> : null}
      <p className="muted">{t('statements.editor.keptHint')}</p>
      <Alert messages={errors.general(['title', 'texts'])} />
      <TextField
        label={t('statements.field.title')}
        value={title}
        onChange={(e) => {
          setTitle(e.target.value);
          edited();
        }}
        error={errors.field('title')}
        required
      />
      {ordered.map((language) => (
        <LanguageText
          key={language}
          statementId={statement.id}
          language={language}
          reference={language === statement.referenceLanguage}
          initial={current.texts.find((x) => x.language === language)?.body ?? ''}
          error={language === statement.referenceLanguage ? errors.field('texts') : undefined}
          onEdit={edited}
        />
      ))}
      <div className="signon-actions">
        <button type="submit" className="primary" disabled={loading}>
          {loading ? t('statements.editor.saving') : t('statements.editor.save')}
        </button>
        {confirmDiscard ? (
          <>
            <button type="button" className="danger" onClick={discard}>
              {t('statements.editor.discardConfirm')}
            </button>
            <button type="button" onClick={() => setConfirmDiscard(false)}>
              {t('app.cancel')}
            </button>
          </>
        ) : (
          <button type="button" onClick={() => setConfirmDiscard(true)}>
            {t('statements.editor.discard')}
          </button>
        )}
      </div>
    </form>
  );
}

function LanguageText({ statementId, language, reference, initial, error, onEdit }: { statementId: string; language: string; reference: boolean; initial: string; error?: string; onEdit(): void }) {
  const { t, language: ui } = useI18n();
  const [value, setValue] = useDraft(draftKeys(statementId).text(language), initial);
  return (
    <TextArea
      label={t('statements.field.textIn', { language: languageName(language, ui) })}
      hint={reference ? t('statements.field.referenceHint') : t('statements.field.textHint')}
      lang={language}
      value={value}
      onChange={(e) => {
        setValue(e.target.value);
        onEdit();
      }}
      error={error}
      rows={16}
    />
  );
}
