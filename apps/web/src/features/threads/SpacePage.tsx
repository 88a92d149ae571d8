import { Link, useParams } from 'react-router';
import { useI18n } from '../../i18n/i18n';
import { Page, QueryState } from '../../ui/Page';
import { useSpaces } from './spaces';
import { ThreadPanel } from './ThreadPanel';

/** One network's or organisation's own discussion space. */
export function SpacePage() {
  const { t } = useI18n();
  const params = useParams();
  const kind = params['spaceKind']?.toUpperCase();
  const spaceId = params['spaceId'] ?? '';
  const { networks, organisations, loading, error, refetch } = useSpaces();
  const space = [...networks, ...organisations].find((s) => s.kind === kind && s.id === spaceId);
  const back = (
    <p>
      <Link to="/discussions">← {t('threads.page.allSpaces')}</Link>
    </p>
  );
  if (!space) {
    return (
      <Page title={t('nav.discussions')}>
        {back}
        {loading || error ? <QueryState loading={loading} error={error} onRetry={() => void refetch()} /> : <p>{t('app.notFound')}</p>}
      </Page>
    );
  }
  return (
    <Page title={space.name}>
      {back}
      <p className="muted">{t(space.kind === 'NETWORK' ? 'threads.page.networkSpace' : 'threads.page.organisationSpace')}</p>
      <ThreadPanel spaceKind={space.kind} spaceId={space.id} />
    </Page>
  );
}
