import { useEffect } from 'react';
import { useLocation } from 'react-router';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { Page } from '../../ui/Page';
import { LanguageSection } from './LanguageSection';
import { SessionsSection } from './SessionsSection';
import { TwoFactorSection } from './TwoFactorSection';
import './account.css';

/** My account: the language, the second factor, and where I am signed in. */
export function AccountPage() {
  const { t } = useI18n();
  const { viewer } = useSession();
  const { hash } = useLocation();
  // Links such as /account#two-factor land on their section (after the page heading took focus).
  useEffect(() => {
    if (hash) document.getElementById(hash.slice(1))?.scrollIntoView();
  }, [hash]);
  return (
    <Page title={t('nav.account')}>
      <p className="account-who">
        {viewer.displayName} <span className="muted">{viewer.email}</span>
      </p>
      <nav aria-label={t('account.sections')} className="account-toc">
        <ul>
          <li>
            <a href="#sessions">{t('account.sessions.title')}</a>
          </li>
          <li>
            <a href="#two-factor">{t('account.twoFactor.title')}</a>
          </li>
          <li>
            <a href="#language">{t('account.language.title')}</a>
          </li>
        </ul>
      </nav>
      <SessionsSection />
      <TwoFactorSection />
      <LanguageSection />
    </Page>
  );
}
