import { createHash } from 'node:crypto';
import type { StatementTexts } from './statement.entity.js';

/** One line of a line diff: kept, only in the old text, or only in the new one. */
export type DiffOp = 'EQUAL' | 'DELETE' | 'INSERT';
export interface DiffLine {
  op: DiffOp;
  text: string;
}

/** Beyond this many cells the middle of two very different texts is shown as replaced whole. */
const MAX_DIFF_CELLS = 4_000_000;

/** Same line endings and Unicode form everywhere, so the hash and the diff see what readers see. */
export const normaliseText = (text: string): string => text.replace(/\r\n?/g, '\n').normalize('NFC');

/**
 * sha256 of the title and every language's text in a canonical form (languages sorted): what an
 * organisation's signature is bound to. Any change to any of them changes the hash.
 */
export function contentHash(title: string, texts: StatementTexts): string {
  const canonical = JSON.stringify([title, Object.keys(texts).sort().map((language) => [language, texts[language]])]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/**
 * A line diff from `before` to `after` (longest common subsequence of lines, deletions before
 * insertions). Common leading and trailing lines are matched first, so a small change in a long
 * text costs little.
 */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const head: DiffLine[] = a.slice(0, start).map((text) => ({ op: 'EQUAL', text }));
  const tail: DiffLine[] = a.slice(endA).map((text) => ({ op: 'EQUAL', text }));
  return [...head, ...middleDiff(a.slice(start, endA), b.slice(start, endB)), ...tail];
}

function middleDiff(a: string[], b: string[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  const deleted = (text: string): DiffLine => ({ op: 'DELETE', text });
  const inserted = (text: string): DiffLine => ({ op: 'INSERT', text });
  if (n === 0 || m === 0 || (n + 1) * (m + 1) > MAX_DIFF_CELLS) return [...a.map(deleted), ...b.map(inserted)];
  // lcs[i * (m + 1) + j]: length of the longest common subsequence of a[i..] and b[j..].
  const width = m + 1;
  const lcs = new Uint16Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] = a[i] === b[j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: 'EQUAL', text: a[i]! });
      i++;
      j++;
    } else if (lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!) {
      out.push(deleted(a[i++]!));
    } else {
      out.push(inserted(b[j++]!));
    }
  }
  while (i < n) out.push(deleted(a[i++]!));
  while (j < m) out.push(inserted(b[j++]!));
  return out;
}

/** How many times `passage` occurs in `text`, not overlapping. */
export function occurrences(text: string, passage: string): number {
  if (passage.length === 0) return 0;
  let count = 0;
  for (let at = text.indexOf(passage); at !== -1; at = text.indexOf(passage, at + passage.length)) count++;
  return count;
}

/** The diff of every language of two revisions, in the statement's language order. */
export function textsDiff(languages: string[], before: StatementTexts, after: StatementTexts): { language: string; lines: DiffLine[] }[] {
  return languages.map((language) => ({ language, lines: lineDiff(before[language] ?? '', after[language] ?? '') }));
}
