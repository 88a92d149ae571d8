import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { Page } from '../../ui/Page';
import { AwaitingStatements } from './AwaitingStatements';
import { UnreadBriefings } from './UnreadBriefings';
import { UnreadThreads } from './UnreadThreads';
import { UpcomingWorkshops } from './UpcomingWorkshops';
import { TwoFactorNotice } from './TwoFactorNotice';
import './home.css';

/** "What needs me": everything waiting for the signed-in person, each item linking to its screen. */
export function HomePage() {
  const { t } = useI18n();
  const { viewer } = useSession();
  return (
    <Page title={t('nav.home')}>
      <p className="muted">{t('home.intro', { name: viewer.displayName })}</p>
      <TwoFactorNotice />
      <div className="home-grid">
        <UnreadBriefings />
        <AwaitingStatements />
        <UnreadThreads />
        <UpcomingWorkshops />
      </div>
    </Page>
  );
}
