import { describe, expect, it } from '@jest/globals';
import { en } from './en';
import { catalogues, placeholdersOf, textRules, translate } from './text';

describe('the interface languages', () => {
  const keys = Object.keys(en) as (keyof typeof en)[];

  it('has every English key in Turkish, never empty, with the same placeholders', () => {
    expect(keys.length).toBeGreaterThan(40);
    for (const key of keys) {
      const turkish = catalogues.tr[key];
      expect({ key, present: typeof turkish === 'string' && turkish.trim().length > 0 }).toEqual({ key, present: true });
      expect({ key, placeholders: placeholdersOf(turkish) }).toEqual({ key, placeholders: placeholdersOf(en[key]) });
    }
    expect(Object.keys(catalogues.tr).sort()).toEqual([...keys].sort());
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('en', 'error.RATE_LIMITED', { seconds: 30 })).toBe('Too many attempts. Wait 30 seconds and try again.');
    expect(translate('tr', 'error.RATE_LIMITED', { seconds: 30 })).toContain('30 saniye');
    expect(translate('en', 'error.RATE_LIMITED')).toContain('{seconds}');
  });

  it('folds case by the Turkish rules in Turkish: İ→i and I→ı', () => {
    const { fold } = textRules('tr');
    expect(fold('İSTANBUL')).toBe('istanbul');
    expect(fold('IĞDIR')).toBe('ığdır');
    expect(fold('ISPARTA')).not.toBe(fold('isparta'));
    expect(textRules('en').fold('ISTANBUL')).toBe('istanbul');
  });

  it('sorts by the Turkish alphabet in Turkish: c < ç < ı < i < o < ö < s < ş < u < ü', () => {
    const names = ['Şule', 'Sibel', 'Ümit', 'Ömer', 'İpek', 'Ilgaz', 'Çağrı', 'Cem', 'Uğur', 'Oya'];
    expect([...names].sort(textRules('tr').compare)).toEqual(['Cem', 'Çağrı', 'Ilgaz', 'İpek', 'Oya', 'Ömer', 'Sibel', 'Şule', 'Uğur', 'Ümit']);
  });
});
