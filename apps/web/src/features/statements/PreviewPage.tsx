import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { formErrors } from '../../app/errors';
import type { StatementPreviewQuery } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { Alert } from '../../ui/ErrorMessage';
import { SelectField, TextField } from '../../ui/Field';
import { Page, QueryState } from '../../ui/Page';
import { isoFromLocalInput, languageName, statusKey } from './labels';
import { PreviewDocument, PublishDocument } from './operations';
import './statements.css';

/** The statement as it will be published (the API's sanitised export) with its signatories in order; leads publish from here. */
export function PreviewPage() {
  const { id = '' } = useParams();
  const { t, language: ui, formatDateTime } = useI18n();
  const [language, setLanguage] = useState<string | null>(null);
  const { data, loading, error, refetch } = useQuery(PreviewDocument, { variables: { id, language } });
  const statement = data?.statement;
  return (
    <Page title={statement ? t('statements.preview.titleOf', { title: statement.title }) : t('statements.preview.title')}>
      <p>
        <Link to={`/statements/${id}`}>{t('statements.backToStatement')}</Link>
      </p>
      <QueryState loading={loading && !data} error={error} onRetry={() => void refetch()} />
      {statement ? (
        <>
          <p className="meta">
            <span className={`badge statement-status statement-status--${statement.status}`}>{t(statusKey(statement.status))}</span>
            <span>{t('statements.revisionNumber', { number: statement.currentRevision.number })}</span>
            {statement.embargoUntil ? <span>{t('statements.embargoAt', { date: formatDateTime(statement.embargoUntil) })}</span> : null}
          </p>
          {statement.languages.length > 1 ? (
            <div className="toolbar">
              <SelectField label={t('statements.preview.language')} value={language ?? statement.referenceLanguage} onChange={(e) => setLanguage(e.target.value)}>
                {statement.languages.map((code) => (
                  <option key={code} value={code}>
                    {languageName(code, ui)}
                  </option>
                ))}
              </SelectField>
            </div>
          ) : null}
          {statement.viewer.lead && statement.status === 'CLOSED' ? <PublishForm statement={statement} /> : null}
          <p role="status" className={statement.status === 'PUBLISHED' ? 'success' : 'visually-hidden'}>
            {statement.status === 'PUBLISHED' && statement.publishedAt ? t('statements.preview.publishedOn', { date: formatDateTime(statement.publishedAt) }) : ''}
          </p>
          {statement.viewer.lead && statement.status !== 'CLOSED' && statement.status !== 'PUBLISHED' ? <p className="notice">{t('statements.preview.closeFirst')}</p> : null}
          <section aria-labelledby="statement-signatories">
            <h2 id="statement-signatories">{t('statements.preview.signatories', { count: statement.signatories.length })}</h2>
            <p className="muted">{t(statement.signatoryOrder === 'ALPHABETICAL' ? 'statements.preview.orderAlphabetical' : 'statements.preview.orderSigningTime')}</p>
            {statement.signatories.length === 0 ? <p>{t('statements.preview.noSignatories')}</p> : null}
            <ol className="signatories">
              {statement.signatories.map((s) => (
                <li key={s.organisationId}>
                  <strong>{s.organisationName}</strong> <span className="small muted">{t('statements.preview.signedAt', { date: formatDateTime(s.signedAt) })}</span>
                  {s.individuals.length > 0 ? (
                    <ul>
                      {s.individuals.map((name) => (
                        <li key={name}>{name}</li>
                      ))}
                    </ul>
                  ) : null}
                </li>
              ))}
            </ol>
          </section>
          <section aria-labelledby="statement-export">
            <h2 id="statement-export">{t('statements.preview.asPublished')}</h2>
            {/* Sanitised HTML from the API's statementExport. */}
            <article className="prose card statement-export" lang={language ?? statement.referenceLanguage} dangerouslySetInnerHTML={{ __html: data.statementExport }} />
          </section>
        </>
      ) : null}
    </Page>
  );
}

function PublishForm({ statement }: { statement: StatementPreviewQuery['statement'] }) {
  const { t } = useI18n();
  const [mode, setMode] = useState<'now' | 'embargo'>('now');
  const [embargo, setEmbargo] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [publish, { loading, error, reset }] = useMutation(PublishDocument, { refetchQueries: [PreviewDocument] });
  const [done, setDone] = useState('');
  const errors = formErrors(error, t);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!confirming) {
      setConfirming(true);
      return;
    }
    reset();
    try {
      await publish({
        variables: { input: { statementId: statement.id, revisionId: statement.currentRevision.id, embargoUntil: mode === 'embargo' ? isoFromLocalInput(embargo) : null } },
      });
      if (mode === 'embargo') setDone(t('statements.preview.scheduled'));
      setConfirming(false);
    } catch {
      setConfirming(false);
    }
  };
  return (
    <form className="card" onSubmit={(e) => void submit(e)} noValidate>
      <h2>{t('statements.preview.publishTitle')}</h2>
      <p className="muted">{t('statements.preview.publishHint', { number: statement.currentRevision.number })}</p>
      <fieldset>
        <legend>{t('statements.preview.when')}</legend>
        <label className="check">
          <input type="radio" name="publish-when" checked={mode === 'now'} onChange={() => setMode('now')} />
          {t('statements.preview.now')}
        </label>
        <label className="check">
          <input type="radio" name="publish-when" checked={mode === 'embargo'} onChange={() => setMode('embargo')} />
          {t('statements.preview.embargo')}
        </label>
      </fieldset>
      {mode === 'embargo' ? (
        <TextField type="datetime-local" label={t('statements.preview.embargoUntil')} hint={t('statements.preview.embargoHint')} value={embargo} onChange={(e) => setEmbargo(e.target.value)} error={errors.field('embargoUntil')} />
      ) : null}
      <Alert messages={errors.general(['embargoUntil'])} />
      <p role="status" className={done ? 'success' : 'visually-hidden'}>
        {done}
      </p>
      {confirming ? <p className="notice">{t('statements.preview.confirm', { count: statement.signatories.length })}</p> : null}
      <div className="signon-actions">
        <button type="submit" className="primary" disabled={loading || (mode === 'embargo' && !embargo)}>
          {confirming ? t('statements.preview.publishConfirm') : mode === 'embargo' ? t('statements.preview.schedule') : t('statements.preview.publish')}
        </button>
        {confirming ? (
          <button type="button" onClick={() => setConfirming(false)}>
            {t('app.cancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
