// The pure parts of drafting: the content hash a signature binds to, and the line diff.
import fc from 'fast-check';
import { contentHash, lineDiff, normaliseText, occurrences } from './statement-text.js';

/** Length of a longest common subsequence of lines, the slow obvious way. */
function lcsLength(a: string[], b: string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = x === b[j - 1] ? diagonal + 1 : Math.max(row[j]!, row[j - 1]!);
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The text a diff leads to (its kept and inserted lines) and the one it came from. */
const sides = (diff: ReturnType<typeof lineDiff>) => ({
  before: diff.filter((l) => l.op !== 'INSERT').map((l) => l.text).join('\n'),
  after: diff.filter((l) => l.op !== 'DELETE').map((l) => l.text).join('\n'),
});

describe('contentHash', () => {
  it('depends on the title and every text, not on the order languages were given in', () => {
    const base = contentHash('Title', { en: 'a', tr: 'b' });
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHash('Title', { tr: 'b', en: 'a' })).toBe(base);
    expect(contentHash('Title ', { en: 'a', tr: 'b' })).not.toBe(base);
    expect(contentHash('Title', { en: 'a', tr: 'b ' })).not.toBe(base);
    // No ambiguity between where the title ends and the texts begin.
    expect(contentHash('a', { en: 'bc' })).not.toBe(contentHash('ab', { en: 'c' }));
  });

  it('normalises to one Unicode form and one line ending before hashing', () => {
    expect(normaliseText('C\u0327ag\u0306ri')).toBe('Çağri');
    expect(normaliseText('a\r\nb\rc')).toBe('a\nb\nc');
  });
});

describe('lineDiff', () => {
  it('keeps common lines and marks the changed ones, deletions first', () => {
    expect(lineDiff('a\nb\nc', 'a\nB\nc')).toEqual([
      { op: 'EQUAL', text: 'a' }, { op: 'DELETE', text: 'b' }, { op: 'INSERT', text: 'B' }, { op: 'EQUAL', text: 'c' },
    ]);
    expect(lineDiff('a\nc', 'a\nb\nc')).toEqual([{ op: 'EQUAL', text: 'a' }, { op: 'INSERT', text: 'b' }, { op: 'EQUAL', text: 'c' }]);
  });

  it('always leads from the one text to the other, with as many kept lines as possible', () => {
    const text = fc.array(fc.constantFrom('x', 'y', 'z', ''), { maxLength: 12 }).map((lines) => lines.join('\n'));
    fc.assert(
      fc.property(text, text, (a, b) => {
        const diff = lineDiff(a, b);
        expect(sides(diff)).toEqual({ before: a, after: b });
        expect(diff.filter((l) => l.op === 'EQUAL')).toHaveLength(lcsLength(a.split('\n'), b.split('\n')));
      }),
      { numRuns: 500 },
    );
  });

  it('stays correct on two long, entirely different texts (shown as replaced whole)', () => {
    const a = Array.from({ length: 3000 }, (_, i) => `old ${i}`).join('\n');
    const b = Array.from({ length: 3000 }, (_, i) => `new ${i}`).join('\n');
    const diff = lineDiff(a, b);
    expect(sides(diff)).toEqual({ before: a, after: b });
    expect(diff.filter((l) => l.op === 'EQUAL')).toHaveLength(0);
  });
});

describe('occurrences', () => {
  it('counts a passage without overlaps', () => {
    expect(occurrences('aaa', 'aa')).toBe(1);
    expect(occurrences('we call; we call', 'we call')).toBe(2);
    expect(occurrences('text', '')).toBe(0);
  });
});
