import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useI18n } from '../../i18n/i18n';
import { SelectField } from '../../ui/Field';
import { Page, QueryState } from '../../ui/Page';
import { STATEMENT_STATUSES, signOnKey, statusKey } from './labels';
import { StatementListDocument } from './operations';
import './statements.css';

/** Statements I may read, newest first, filtered by status. */
export function StatementListPage() {
  const { t, formatDateTime } = useI18n();
  const [params, setParams] = useSearchParams();
  const status = STATEMENT_STATUSES.find((s) => s === params.get('status')) ?? null;
  const { data, loading, error, refetch, fetchMore } = useQuery(StatementListDocument, { variables: { status } });
  const [loadingMore, setLoadingMore] = useState(false);
  const edges = data?.statements.edges ?? [];
  const pageInfo = data?.statements.pageInfo;

  const more = async () => {
    setLoadingMore(true);
    try {
      await fetchMore({
        variables: { after: pageInfo?.endCursor },
        updateQuery: (previous, { fetchMoreResult }) => ({
          statements: { ...fetchMoreResult.statements, edges: [...previous.statements.edges, ...fetchMoreResult.statements.edges] },
        }),
      });
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <Page
      title={t('statements.list.title')}
      actions={
        <Link className="button primary" to="/statements/new">
          {t('statements.list.new')}
        </Link>
      }
    >
      <div className="toolbar">
        <SelectField
          label={t('statements.list.filter')}
          value={status ?? ''}
          onChange={(e) => setParams(e.target.value ? { status: e.target.value } : {}, { replace: true })}
        >
          <option value="">{t('statements.list.all')}</option>
          {STATEMENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(statusKey(s))}
            </option>
          ))}
        </SelectField>
      </div>
      <QueryState loading={loading && !data} error={error} empty={!!data && edges.length === 0} onRetry={() => void refetch()} />
      {edges.length > 0 ? (
        <ul className="list" aria-label={t('statements.list.title')}>
          {edges.map(({ node }) => {
            const mine = node.participants.filter((p) => node.viewer.organisationIds.includes(p.organisationId));
            return (
              <li key={node.id} className="card">
                <h2 className="statement-card__title">
                  <Link to={`/statements/${node.id}`}>{node.title}</Link>
                </h2>
                <p className="meta">
                  <span className={`badge statement-status statement-status--${node.status}`}>{t(statusKey(node.status))}</span>
                  <span>{t('statements.revisionNumber', { number: node.version })}</span>
                  {node.deadline ? <span>{t('statements.deadlineAt', { date: formatDateTime(node.deadline) })}</span> : null}
                  {node.embargoUntil ? <span>{t('statements.embargoAt', { date: formatDateTime(node.embargoUntil) })}</span> : null}
                  {node.publishedAt ? <span>{t('statements.publishedAt', { date: formatDateTime(node.publishedAt) })}</span> : null}
                </p>
                {mine.length > 0 ? (
                  <ul className="statement-card__signons">
                    {mine.map((p) => (
                      <li key={p.organisationId}>
                        {p.organisationName}: <strong>{t(signOnKey(p.signOnStatus))}</strong>
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      {pageInfo?.hasNextPage ? (
        <p>
          <button type="button" onClick={() => void more()} disabled={loadingMore}>
            {t('app.loadMore')}
          </button>
        </p>
      ) : null}
    </Page>
  );
}
