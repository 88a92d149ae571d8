import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from '../../gql';
import { useSession } from '../../app/session';
import { LANGUAGES, useI18n, type Language } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';

const SetMyLocaleDocument = graphql(`
  mutation AccountSetMyLocale($locale: Locale!) {
    setMyLocale(locale: $locale) {
      id
      locale
    }
  }
`);

/** The language of the interface (changes at once) and of the account (saved for every device). */
export function LanguageSection() {
  const { t, language, setLanguage } = useI18n();
  const { viewer } = useSession();
  const [save, { loading, error }] = useMutation(SetMyLocaleDocument);
  const [saved, setSaved] = useState(false);
  const choose = (next: Language) => {
    setLanguage(next);
    setSaved(false);
    save({ variables: { locale: next } }).then(
      () => setSaved(true),
      () => undefined,
    );
  };
  return (
    <section aria-labelledby="language" className="account-section">
      <h2 id="language" tabIndex={-1}>
        {t('account.language.title')}
      </h2>
      <fieldset>
        <legend>{t('account.language.legend')}</legend>
        {LANGUAGES.map((l) => (
          <label key={l} className="check" lang={l}>
            <input type="radio" name="language" value={l} checked={language === l} onChange={() => choose(l)} disabled={loading} />
            {t(`app.language.${l}`)}
          </label>
        ))}
      </fieldset>
      <p className="muted">{t('account.language.hint')}</p>
      {language !== viewer.locale && !saved && !loading && !error ? (
        <p>
          {t('account.language.differs', { saved: t(`app.language.${viewer.locale}`) })}{' '}
          <button type="button" onClick={() => choose(language)}>
            {t('account.language.saveThis')}
          </button>
        </p>
      ) : null}
      <p role="status">{saved ? t('account.language.saved') : ''}</p>
      <ErrorMessage error={error} />
    </section>
  );
}
