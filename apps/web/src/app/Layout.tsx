import { useMutation } from '@apollo/client/react';
import { useSyncExternalStore, type ReactNode } from 'react';
import { NavLink } from 'react-router';
import { graphql } from '../gql';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/en';
import { LanguageSwitch } from '../ui/LanguageSwitch';
import { realtime } from './realtime';
import { useSession } from './session';

const SaveLocaleDocument = graphql(`
  mutation LayoutSetMyLocale($locale: Locale!) {
    setMyLocale(locale: $locale) {
      id
      locale
    }
  }
`);

const NAV: { to: string; label: MessageKey; adminOnly?: boolean }[] = [
  { to: '/', label: 'nav.home' },
  { to: '/briefings', label: 'nav.briefings' },
  { to: '/statements', label: 'nav.statements' },
  { to: '/workshops', label: 'nav.workshops' },
  { to: '/discussions', label: 'nav.discussions' },
  { to: '/admin', label: 'nav.admin', adminOnly: true },
  { to: '/account', label: 'nav.account' },
];

/** The frame of every signed-in screen: skip link, navigation, connection state, then the screen. */
export function Layout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { viewer, adminOf, signOut } = useSession();
  const status = useSyncExternalStore(realtime.subscribeStatus, realtime.getStatus);
  // The switch changes the interface at once and saves the choice to the account for every device.
  const [saveLocale] = useMutation(SaveLocaleDocument);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <a className="topbar__brand" href="/">
          {t('app.name')}
        </a>
        <div className="topbar__right">
          <span className={`connection connection--${status}`} role="status" aria-live="polite">
            {status === 'online' ? <span className="visually-hidden">{t('app.online')}</span> : t('app.offline')}
          </span>
          <span className="topbar__user" aria-hidden="true">
            {viewer.displayName}
          </span>
          <LanguageSwitch onChange={(locale) => void saveLocale({ variables: { locale } }).catch(() => undefined)} />
          <button type="button" className="link" onClick={() => void signOut()}>
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <nav className="nav" aria-label={t('nav.label')}>
        <ul>
          {NAV.filter((item) => !item.adminOnly || adminOf.length > 0).map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} end={item.to === '/'}>
                {t(item.label)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="main">
        {children}
      </main>
    </div>
  );
}
