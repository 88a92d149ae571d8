import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, type MessageKey } from './en';
import { tr } from './tr';

export type Language = 'en' | 'tr';
export const LANGUAGES: Language[] = ['en', 'tr'];
const catalogues: Record<Language, Record<MessageKey, string>> = { en, tr };
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

export function detectLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'tr') return stored;
  return navigator.language.toLowerCase().startsWith('tr') ? 'tr' : 'en';
}

export function translate(language: Language, key: MessageKey, values?: Record<string, string | number>): string {
  const template = catalogues[language][key] ?? en[key] ?? key;
  return values ? template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole)) : template;
}

/** Case folding and collation for the language, as used by client-side sorting and filtering. */
export function textRules(language: Language) {
  const collator = new Intl.Collator(language, { sensitivity: 'base', numeric: true });
  return {
    compare: (a: string, b: string) => collator.compare(a, b),
    fold: (text: string) => text.toLocaleLowerCase(language).normalize('NFC'),
  };
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
