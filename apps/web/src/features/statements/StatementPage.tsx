import { useQuery } from '@apollo/client/react';
import { Link, useParams } from 'react-router';
import { useI18n } from '../../i18n/i18n';
import { Page, QueryState } from '../../ui/Page';
import { ThreadPanel } from '../threads/ThreadPanel';
import { DiscussionPanel } from './DiscussionPanel';
import { LeadActions } from './LeadActions';
import { ParticipantsTable } from './ParticipantsTable';
import { SignOnPanel } from './SignOnPanel';
import { StatementText } from './StatementText';
import { statusKey } from './labels';
import { StatementDocument } from './operations';
import './statements.css';

/** One statement: where it stands, its current text, my organisations' sign-on, and what I may do next. */
export function StatementPage() {
  const { id = '' } = useParams();
  const { t, formatDateTime } = useI18n();
  const { data, loading, error, refetch } = useQuery(StatementDocument, { variables: { id } });
  const statement = data?.statement;
  if (!statement) {
    return (
      <Page title={t('statements.statement')}>
        <QueryState loading={loading} error={error} onRetry={() => void refetch()} />
      </Page>
    );
  }
  const { viewer, currentRevision: revision } = statement;
  const editable = statement.status === 'DRAFTING' || statement.status === 'OPEN_FOR_SIGNATURE';
  return (
    <Page title={statement.title}>
      <p className="meta">
        <span className={`badge statement-status statement-status--${statement.status}`}>{t(statusKey(statement.status))}</span>
        <span>{t('statements.revisionNumber', { number: revision.number })}</span>
        {statement.deadline ? <span>{t('statements.deadlineAt', { date: formatDateTime(statement.deadline) })}</span> : null}
        {statement.embargoUntil ? <span>{t('statements.embargoAt', { date: formatDateTime(statement.embargoUntil) })}</span> : null}
        {statement.publishedAt ? <span>{t('statements.publishedAt', { date: formatDateTime(statement.publishedAt) })}</span> : null}
      </p>
      <nav className="statement-links" aria-label={t('statements.links')}>
        {viewer.canRevise && editable ? (
          <Link className="button primary" to={`/statements/${id}/edit`}>
            {t('statements.editText')}
          </Link>
        ) : null}
        {viewer.tier !== 'reader' ? (
          <Link className="button" to={`/statements/${id}/history`}>
            {t('statements.history.link')}
          </Link>
        ) : null}
        {viewer.canExport ? (
          <Link className="button" to={`/statements/${id}/preview`}>
            {t('statements.preview.link')}
          </Link>
        ) : null}
      </nav>
      {statement.status === 'DRAFTING' && viewer.tier === 'drafter' ? <p className="notice">{t('statements.draftNotice')}</p> : null}

      {viewer.tier !== 'reader' ? <SignOnPanel statement={statement} /> : null}
      {viewer.lead ? <LeadActions statement={statement} /> : null}

      <section aria-labelledby="statement-current-text">
        <h2 id="statement-current-text">{t('statements.currentText', { number: revision.number })}</h2>
        <p className="meta">
          {revision.authorName ? <span>{t('statements.savedBy', { name: revision.authorName, organisation: revision.organisationName ?? '' })}</span> : null}
          <span>{formatDateTime(revision.createdAt)}</span>
        </p>
        <h3 className="statement-title-line">{revision.title}</h3>
        <StatementText texts={revision.texts} referenceLanguage={statement.referenceLanguage} />
      </section>

      {statement.participants.length > 0 ? <ParticipantsTable participants={statement.participants} /> : null}
      {viewer.canComment ? <DiscussionPanel statement={statement} /> : null}
      <ThreadPanel spaceKind="STATEMENT" spaceId={id} />
    </Page>
  );
}
