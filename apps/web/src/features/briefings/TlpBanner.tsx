import type { Tlp } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { tlpLabel } from './tlp';

/** The level in the standard's colours, with its handling rule in words, at the top of a briefing. */
export function TlpBanner({ tlp }: { tlp: Tlp }) {
  const { t } = useI18n();
  return (
    <section className={`tlp tlp--${tlp}`} aria-label={t('briefings.tlp.bannerLabel')}>
      <p className="tlp__label">{tlpLabel(tlp)}</p>
      <p className="tlp__rule">{t(`briefings.handling.${tlp}`)}</p>
    </section>
  );
}

/** The level as a small tag, for lists. */
export function TlpTag({ tlp }: { tlp: Tlp }) {
  return <span className={`tlp-tag tlp-tag--${tlp}`}>{tlpLabel(tlp)}</span>;
}
