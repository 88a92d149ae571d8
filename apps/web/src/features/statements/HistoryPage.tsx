import { useQuery } from '@apollo/client/react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useI18n } from '../../i18n/i18n';
import { SelectField } from '../../ui/Field';
import { Page, QueryState } from '../../ui/Page';
import { DiffView } from './DiffView';
import { languageName } from './labels';
import { RevisionsDocument, StatementDiffDocument } from './operations';
import './statements.css';

/** Every revision I may see, and what changed between any two of them. */
export function HistoryPage() {
  const { id = '' } = useParams();
  const { t, formatDateTime, language } = useI18n();
  const [params, setParams] = useSearchParams();
  const { data, loading, error, refetch } = useQuery(RevisionsDocument, { variables: { id } });
  const revisions = data?.statement.revisions.edges.map((e) => e.node) ?? [];
  const byNumber = (n: string | null) => revisions.find((r) => String(r.number) === n);
  const to = byNumber(params.get('to')) ?? revisions[0];
  const from = byNumber(params.get('from')) ?? revisions.find((r) => to && r.number === to.number - 1) ?? revisions[1];
  const diff = useQuery(StatementDiffDocument, {
    variables: { statementId: id, fromRevisionId: from?.id ?? '', toRevisionId: to?.id ?? '' },
    skip: !from || !to,
  });
  const choose = (which: 'from' | 'to', value: string) => {
    const next = new URLSearchParams(params);
    next.set(which, value);
    setParams(next, { replace: true });
  };

  return (
    <Page title={data ? t('statements.history.titleOf', { title: data.statement.title }) : t('statements.history.title')}>
      <p>
        <Link to={`/statements/${id}`}>{t('statements.backToStatement')}</Link>
      </p>
      <QueryState loading={loading && !data} error={error} onRetry={() => void refetch()} empty={!!data && revisions.length === 0} />
      {revisions.length > 0 ? (
        <section aria-labelledby="statement-revisions">
          <h2 id="statement-revisions">{t('statements.history.revisions')}</h2>
          <div className="table-wrap" role="region" aria-label={t('statements.history.revisions')} tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('statements.history.number')}</th>
                  <th scope="col">{t('statements.history.savedAt')}</th>
                  <th scope="col">{t('statements.history.by')}</th>
                  <th scope="col">{t('statements.history.fingerprint')}</th>
                </tr>
              </thead>
              <tbody>
                {revisions.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">{r.number}</th>
                    <td>{formatDateTime(r.createdAt)}</td>
                    <td>{[r.authorName, r.organisationName].filter(Boolean).join(' · ') || '—'}</td>
                    <td>
                      <code>{r.contentHash.slice(0, 12)}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      {revisions.length > 1 && from && to ? (
        <section aria-labelledby="statement-diff">
          <h2 id="statement-diff">{t('statements.history.compare')}</h2>
          <div className="toolbar">
            <SelectField label={t('statements.history.from')} value={String(from.number)} onChange={(e) => choose('from', e.target.value)}>
              {revisions.map((r) => (
                <option key={r.id} value={r.number}>
                  {t('statements.revisionNumber', { number: r.number })}
                </option>
              ))}
            </SelectField>
            <SelectField label={t('statements.history.to')} value={String(to.number)} onChange={(e) => choose('to', e.target.value)}>
              {revisions.map((r) => (
                <option key={r.id} value={r.number}>
                  {t('statements.revisionNumber', { number: r.number })}
                </option>
              ))}
            </SelectField>
          </div>
          <QueryState loading={diff.loading && !diff.data} error={diff.error} />
          {diff.data ? (
            <div aria-live="polite">
              <h3>{t('statements.field.title')}</h3>
              <DiffView lines={diff.data.statementDiff.title} />
              {diff.data.statementDiff.texts.map((text) => (
                <div key={text.language}>
                  <h3>{languageName(text.language, language)}</h3>
                  <DiffView lines={text.lines} language={text.language} />
                </div>
              ))}
            </div>
          ) : null}
        </section>
      ) : null}
    </Page>
  );
}
