import { useI18n } from '../../i18n/i18n';
import { Page } from '../../ui/Page';

export function DiscussionsPage() {
  const { t } = useI18n();
  return (
    <Page title={t('nav.discussions')}>
      <p>{t('app.none')}</p>
    </Page>
  );
}
