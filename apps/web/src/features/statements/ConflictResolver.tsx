import { useQuery } from '@apollo/client/react';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { readDraft, useDraft, writeDraft } from '../../app/drafts';
import { formErrors } from '../../app/errors';
import type { StatementQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { Alert } from '../../ui/ErrorMessage';
import { TextArea, TextField } from '../../ui/Field';
import { draftingOrganisation } from './EditorPage';
import { draftKeys, languageName } from './labels';
import { changesOf, mergedText, segmentsOf, suggestedChoices, type Choice, type Segment } from './merge';
import { StatementDiffDocument } from './operations';
import { clearStatementDrafts, useSaveRevision, type RevisionConflict } from './useSaveRevision';

type Statement = StatementQuery['statement'];

interface Props {
  statement: Statement;
  conflict: RevisionConflict;
  onConflict(conflict: RevisionConflict): void;
  onSaved(number: number): void;
}

/**
 * "Someone saved first": both versions, the changes between them, and three ways on — keep mine
 * (saved on the new revision), take theirs, or merge change by change and by hand. What the person
 * wrote stays in the drafts until one of them is saved.
 */
export function ConflictResolver({ statement, conflict, onConflict, onSaved }: Props) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  const keys = draftKeys(statement.id);
  const baseId = readDraft(keys.base);
  // The text both started from: the unchanged and removed lines of the diff from it to theirs.
  const fromBase = useQuery(StatementDiffDocument, {
    variables: { statementId: statement.id, fromRevisionId: baseId ?? '', toRevisionId: conflict.currentRevision.id },
    skip: !baseId,
  });
  const baseText = (language: string): string | null => {
    const lines = fromBase.data?.statementDiff.texts.find((d) => d.language === language)?.lines;
    return lines ? lines.filter((l) => l.op !== 'INSERT').map((l) => l.text).join('\n') : null;
  };
  const ready = !baseId || !!fromBase.data || !!fromBase.error;
  const { save, loading, error, reset } = useSaveRevision(statement.id, statement.languages, draftingOrganisation(statement));
  const errors = formErrors(error, t);
  const [confirmTheirs, setConfirmTheirs] = useState(false);
  const theirs = conflict.currentRevision;
  const mine = conflict.yours;

  useEffect(() => {
    heading.current?.focus();
  }, []);

  const submit = async (title: string, texts: { language: string; body: string }[]) => {
    reset();
    try {
      const outcome = await save(theirs.id, title, texts);
      if ('conflict' in outcome) {
        for (const language of statement.languages) writeDraft(keys.merge(language), '');
        writeDraft(keys.mergeTitle, '');
        onConflict(outcome.conflict);
      } else onSaved(outcome.saved);
    } catch {
      // Shown above the actions; the drafts stay.
    }
  };
  const saveMerged = () =>
    void submit(
      readDraft(keys.mergeTitle) ?? theirs.title,
      statement.languages.map((language) => ({ language, body: readDraft(keys.merge(language)) ?? '' })),
    );
  const keepMine = () => void submit(mine.title, mine.texts);
  const takeTheirs = () => {
    clearStatementDrafts(statement.id, statement.languages);
    onSaved(theirs.number);
  };

  return (
    <section className="conflict" aria-labelledby="statement-conflict">
      <div className="conflict__banner" role="alert">
        <h2 id="statement-conflict" ref={heading} tabIndex={-1}>
          {t('statements.conflict.title')}
        </h2>
        <p>{t('statements.conflict.explain', { number: theirs.number })}</p>
      </div>

      <details className="conflict__versions">
        <summary>{t('statements.conflict.bothVersions')}</summary>
        <div className="grid-2">
          <FullVersion heading={t('statements.conflict.theirVersion', { number: theirs.number })} title={theirs.title} texts={theirs.texts} />
          <FullVersion heading={t('statements.conflict.yourVersion')} title={mine.title} texts={mine.texts} />
        </div>
      </details>

      {!ready ? (
        <p role="status">{t('app.loading')}</p>
      ) : (
        <>
          <h3>{t('statements.conflict.mergeHeading')}</h3>
          <p className="muted">{t('statements.conflict.mergeHint')}</p>
          <TitleMerge statementId={statement.id} theirs={theirs.title} mine={mine.title} />
          {statement.languages.map((language) => (
            <LanguageMerge
              key={language}
              statementId={statement.id}
              language={language}
              lines={conflict.diff.texts.find((d) => d.language === language)?.lines ?? []}
              base={baseText(language)}
              error={language === statement.referenceLanguage ? errors.field('texts') : undefined}
            />
          ))}
        </>
      )}

      <Alert messages={errors.general(['texts'])} />
      <div className="conflict__actions">
        <div>
          <button type="button" className="primary" disabled={loading || !ready} onClick={saveMerged}>
            {t('statements.conflict.saveMerged', { number: theirs.number + 1 })}
          </button>
        </div>
        <div>
          <button type="button" disabled={loading} onClick={keepMine}>
            {t('statements.conflict.keepMine')}
          </button>
          <p className="small muted">{t('statements.conflict.keepMineHint', { number: theirs.number })}</p>
        </div>
        <div>
          {confirmTheirs ? (
            <>
              <button type="button" className="danger" onClick={takeTheirs}>
                {t('statements.conflict.takeTheirsConfirm')}
              </button>{' '}
              <button type="button" onClick={() => setConfirmTheirs(false)}>
                {t('app.cancel')}
              </button>
            </>
          ) : (
            <button type="button" disabled={loading} onClick={() => setConfirmTheirs(true)}>
              {t('statements.conflict.takeTheirs')}
            </button>
          )}
          <p className="small muted">{t('statements.conflict.takeTheirsHint', { number: theirs.number })}</p>
        </div>
      </div>
    </section>
  );
}

function FullVersion({ heading, title, texts }: { heading: string; title: string; texts: { language: string; body: string }[] }) {
  const { language: ui } = useI18n();
  return (
    <section className="card">
      <h4>{heading}</h4>
      <p>
        <strong>{title}</strong>
      </p>
      {texts.map((text) => (
        <div key={text.language} lang={text.language}>
          <p className="small muted">{languageName(text.language, ui)}</p>
          <div className="statement-text__body">{text.body}</div>
        </div>
      ))}
    </section>
  );
}

function TitleMerge({ statementId, theirs, mine }: { statementId: string; theirs: string; mine: string }) {
  const { t } = useI18n();
  const [title, setTitle] = useDraft(draftKeys(statementId).mergeTitle, mine !== theirs ? mine : theirs);
  useEffect(() => {
    if (readDraft(draftKeys(statementId).mergeTitle) === null) setTitle(title);
    // Stores the starting value once so a save reads it.
  }, []);
  if (mine === theirs) return null;
  return (
    <div className="card conflict__change">
      <p>
        {t('statements.conflict.titleTheirs')} <del>{theirs}</del>
      </p>
      <p>
        {t('statements.conflict.titleMine')} <ins>{mine}</ins>
      </p>
      <TextField label={t('statements.conflict.titleMerged')} value={title} onChange={(e) => setTitle(e.target.value)} />
    </div>
  );
}

function LanguageMerge({ statementId, language, lines, base, error }: { statementId: string; language: string; lines: RevisionConflict['diff']['texts'][number]['lines']; base: string | null; error?: string }) {
  const { t, language: ui } = useI18n();
  const segments = useMemo(() => segmentsOf(lines), [lines]);
  const changes = changesOf(segments);
  const [choices, setChoices] = useState<Choice[]>(() => suggestedChoices(segments, base));
  const key = draftKeys(statementId).merge(language);
  const [merged, setMerged] = useDraft(key, mergedText(segments, choices));
  const handEdited = merged !== mergedText(segments, choices);
  const name = languageName(language, ui);

  useEffect(() => {
    if (readDraft(key) === null) setMerged(merged);
    // Stores the starting value once so a save reads it.
  }, []);

  const choose = (index: number, choice: Choice) => {
    const next = choices.map((c, i) => (i === index ? choice : c));
    setChoices(next);
    setMerged(mergedText(segments, next));
  };

  return (
    <section className="conflict__language" lang={language} aria-label={t('statements.conflict.changesIn', { language: name })}>
      <h4>{t('statements.conflict.changesIn', { language: name })}</h4>
      {changes.length === 0 ? <p className="muted">{t('statements.conflict.noChanges')}</p> : null}
      {handEdited && changes.length > 0 ? (
        <p className="notice">
          {t('statements.conflict.handEdited')}{' '}
          <button type="button" className="link" onClick={() => setMerged(mergedText(segments, choices))}>
            {t('statements.conflict.restartFromChoices')}
          </button>
        </p>
      ) : null}
      {renderChanges(segments, choices, handEdited, choose, t)}
      <TextArea
        label={t('statements.conflict.mergedText', { language: name })}
        hint={t('statements.conflict.mergedHint')}
        value={merged}
        onChange={(e) => setMerged(e.target.value)}
        error={error}
        rows={14}
      />
    </section>
  );
}

function renderChanges(segments: Segment[], choices: Choice[], disabled: boolean, choose: (index: number, choice: Choice) => void, t: ReturnType<typeof useI18n>['t']) {
  const total = changesOf(segments).length;
  let index = -1;
  return segments.map((segment, position) => {
    if (segment.kind === 'same') return <Context key={position} lines={segment.lines} first={position === 0} last={position === segments.length - 1} />;
    index++;
    return <Change key={position} index={index} total={total} theirs={segment.theirs} mine={segment.mine} choice={choices[index] ?? 'both'} disabled={disabled} onChoose={choose} t={t} />;
  });
}

/** Shared lines around the changes, shortened to what gives a change its place. */
function Context({ lines, first, last }: { lines: string[]; first: boolean; last: boolean }) {
  const { t } = useI18n();
  const shown = lines.length <= 4 ? lines : [...(first ? [] : lines.slice(0, 2)), null, ...(last ? [] : lines.slice(-2))];
  return (
    <div className="diff diff--context" aria-label={t('statements.diff.unchanged')}>
      {shown.map((line, i) =>
        line === null ? (
          <p key={i} className="diff__skip">
            {t('statements.diff.skipped', { count: lines.length - shown.length + 1 })}
          </p>
        ) : (
          <p key={i} className="diff__line">
            {line || '\u00a0'}
          </p>
        ),
      )}
    </div>
  );
}

interface ChangeProps {
  index: number;
  total: number;
  theirs: string[];
  mine: string[];
  choice: Choice;
  disabled: boolean;
  onChoose(index: number, choice: Choice): void;
  t: ReturnType<typeof useI18n>['t'];
}

function Change({ index, total, theirs, mine, choice, disabled, onChoose, t }: ChangeProps) {
  const name = useId();
  const options: Choice[] = ['theirs', 'mine', 'both'];
  return (
    <fieldset className="conflict__change" disabled={disabled}>
      <legend>{t('statements.conflict.change', { number: index + 1, total })}</legend>
      <div className="grid-2">
        <div>
          <p className="small">
            <strong>{t('statements.conflict.theirLines')}</strong>
          </p>
          <div className="diff diff--delete">
            {theirs.length === 0 ? <p className="muted">{t('statements.conflict.nothing')}</p> : theirs.map((line, i) => <p key={i} className="diff__line">{line || '\u00a0'}</p>)}
          </div>
        </div>
        <div>
          <p className="small">
            <strong>{t('statements.conflict.myLines')}</strong>
          </p>
          <div className="diff diff--insert">
            {mine.length === 0 ? <p className="muted">{t('statements.conflict.nothing')}</p> : mine.map((line, i) => <p key={i} className="diff__line">{line || '\u00a0'}</p>)}
          </div>
        </div>
      </div>
      <div className="conflict__choices">
        {options.map((option) => (
          <label key={option} className="check">
            <input type="radio" name={name} value={option} checked={choice === option} onChange={() => onChoose(index, option)} />
            {t(`statements.conflict.choice.${option}`)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
