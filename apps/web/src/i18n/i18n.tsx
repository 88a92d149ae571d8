import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { MessageKey } from './en';
import { textRules, translate, type Language } from './text';

export { textRules, translate, type Language };

export const LANGUAGES: Language[] = ['en', 'tr'];
const STORAGE_KEY = 'sw.language';

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  t: Translate;
  /** A date and time in the reader's own time zone, in their language's conventions. */
  formatDateTime(iso: string | Date, style?: 'short' | 'long'): string;
  formatDate(iso: string | Date): string;
  /** Sorts by the language's rules: Turkish puts ı before i and ç after c. */
  compare(a: string, b: string): number;
  /** Locale-aware case folding for search: `İstanbul` matches `istanbul` in Turkish. */
  fold(text: string): string;
}

/** Whether this device has a language chosen on it (else the account's saved language applies). */
export function hasStoredLanguage(): boolean {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'en' || stored === 'tr';
}

export function detectLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'tr') return stored;
  return navigator.language.toLowerCase().startsWith('tr') ? 'tr' : 'en';
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children, initial }: { children: ReactNode; initial?: Language }) {
  const [language, setLanguageState] = useState<Language>(initial ?? detectLanguage);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLanguageState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    const locale = language === 'tr' ? 'tr-TR' : 'en-GB';
    const long = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short' });
    const short = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    const dateOnly = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
    const rules = textRules(language);
    return {
      language,
      setLanguage,
      t: (key, values) => translate(language, key, values),
      formatDateTime: (iso, style = 'short') => (style === 'long' ? long : short).format(new Date(iso)),
      formatDate: (iso) => dateOnly.format(new Date(iso)),
      ...rules,
    };
  }, [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
