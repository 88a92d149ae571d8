import { useCallback, useEffect, useState } from 'react';

/**
 * Unsent text (messages, statement edits) kept in sessionStorage so a reload, a crash of the tab's
 * page or a failed request loses nothing. sessionStorage, not localStorage: it ends with the tab, and
 * signing out clears it, so a seized device does not keep drafts of sensitive text.
 */
const PREFIX = 'sw.draft.';

export function readDraft(key: string): string | null {
  return sessionStorage.getItem(PREFIX + key);
}

export function writeDraft(key: string, value: string): void {
  if (value === '') sessionStorage.removeItem(PREFIX + key);
  else sessionStorage.setItem(PREFIX + key, value);
}

export function clearDrafts(): void {
  for (let i = sessionStorage.length - 1; i >= 0; i--) {
    const key = sessionStorage.key(i);
    if (key?.startsWith(PREFIX)) sessionStorage.removeItem(key);
  }
}

/** A text value that survives a reload; `clear` after the server has acknowledged it. */
export function useDraft(key: string, initial = ''): [string, (value: string) => void, () => void] {
  const [value, setValue] = useState(() => readDraft(key) ?? initial);
  useEffect(() => {
    setValue(readDraft(key) ?? initial);
    // `initial` only seeds a key seen for the first time, so it is not a dependency.
  }, [key]);
  const update = useCallback(
    (next: string) => {
      setValue(next);
      writeDraft(key, next);
    },
    [key],
  );
  const clear = useCallback(() => {
    setValue('');
    writeDraft(key, '');
  }, [key]);
  return [value, update, clear];
}
