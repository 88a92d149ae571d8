import { useI18n } from '../../i18n/i18n';
import { languageName } from './labels';

interface Text {
  language: string;
  body: string;
}

/** The statement's text as written (Markdown shown as plain text), one section per language. */
export function StatementText({ texts, referenceLanguage, headingLevel = 3 }: { texts: Text[]; referenceLanguage: string; headingLevel?: 2 | 3 }) {
  const { t, language } = useI18n();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const ordered = [...texts].sort((a, b) => (a.language === referenceLanguage ? -1 : b.language === referenceLanguage ? 1 : 0));
  return (
    <>
      {ordered.map((text) => (
        <section key={text.language} className="statement-text" lang={text.language}>
          <Heading>
            {languageName(text.language, language)}
            {text.language === referenceLanguage ? <span className="muted small"> · {t('statements.referenceText')}</span> : null}
          </Heading>
          {text.body.trim() ? <div className="statement-text__body">{text.body}</div> : <p className="muted">{t('statements.noTextInLanguage')}</p>}
        </section>
      ))}
    </>
  );
}
