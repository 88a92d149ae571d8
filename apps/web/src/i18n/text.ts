// The language rules of the interface without React: catalogue look-up, collation and case folding.
import { en, type MessageKey } from './en';
import { tr } from './tr';

export type Language = 'en' | 'tr';

export const catalogues: Record<Language, Record<MessageKey, string>> = { en, tr };

/** The string for a key in a language, with `{name}` placeholders filled in. */
export function translate(language: Language, key: MessageKey, values?: Record<string, string | number>): string {
  const template = catalogues[language][key] ?? en[key] ?? key;
  return values ? template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole)) : template;
}

/** The `{name}` placeholders a string expects. */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}

/** Case folding and collation for the language, as used by client-side sorting and filtering. */
export function textRules(language: Language) {
  const collator = new Intl.Collator(language, { sensitivity: 'base', numeric: true });
  return {
    compare: (a: string, b: string) => collator.compare(a, b),
    fold: (text: string) => text.toLocaleLowerCase(language).normalize('NFC'),
  };
}
