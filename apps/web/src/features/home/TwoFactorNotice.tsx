import { Link } from 'react-router';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';

/** Organisations that require a second factor grant nothing until the reader sets one up: say so first. */
export function TwoFactorNotice() {
  const { t } = useI18n();
  const { viewer } = useSession();
  const blocked = viewer.organisationsRequiringTwoFactor;
  if (blocked.length === 0) return null;
  return (
    <div className="notice" role="status">
      <p>{t('home.twoFactor.required', { count: blocked.length })}</p>
      <p>
        <Link to="/account#two-factor">{t('home.twoFactor.setUp')}</Link>
      </p>
    </div>
  );
}
