import { useI18n } from '../../i18n/i18n';
import { Page } from '../../ui/Page';

export function BriefingsPage() {
  const { t } = useI18n();
  return (
    <Page title={t('nav.briefings')}>
      <p>{t('app.none')}</p>
    </Page>
  );
}
