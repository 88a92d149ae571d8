import { LANGUAGES, useI18n, type Language } from '../i18n/i18n';

/** Switches the interface language (the account's saved language is set in My account). */
export function LanguageSwitch({ onChange }: { onChange?: (language: Language) => void }) {
  const { t, language, setLanguage } = useI18n();
  return (
    <label className="language-switch">
      <span className="visually-hidden">{t('app.language')}</span>
      <select
        value={language}
        onChange={(e) => {
          const next = e.target.value as Language;
          setLanguage(next);
          onChange?.(next);
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`app.language.${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
