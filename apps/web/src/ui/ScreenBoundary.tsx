import { Component, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';

function ScreenFailed() {
  const { t } = useI18n();
  return (
    <div className="error" role="alert">
      <p>{t('app.screenFailed')}</p>
      <button type="button" onClick={() => window.location.reload()}>
        {t('app.retry')}
      </button>
    </div>
  );
}

/**
 * A screen that cannot be shown (its file did not arrive on a dropped connection, or it failed while
 * drawing) says so in words instead of leaving a blank page. Drafts live in sessionStorage, so reloading
 * loses nothing typed. Keyed by address by its parent, so moving elsewhere starts afresh.
 */
export class ScreenBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    return this.state.failed ? <ScreenFailed /> : this.props.children;
  }
}
