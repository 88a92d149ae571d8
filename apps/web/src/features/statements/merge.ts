/**
 * Merging after "someone saved first": the API's line diff goes from the text saved first
 * ("theirs", DELETE lines) to the text of the person whose save was refused ("mine", INSERT lines).
 * Each run of changed lines is one change the person decides on; lines both texts share stay.
 */
export type DiffOp = 'EQUAL' | 'DELETE' | 'INSERT';
export interface DiffLine {
  op: DiffOp;
  text: string;
}

export type Segment = { kind: 'same'; lines: string[] } | { kind: 'change'; theirs: string[]; mine: string[] };
export type Choice = 'theirs' | 'mine' | 'both';

export function segmentsOf(diff: DiffLine[]): Segment[] {
  const segments: Segment[] = [];
  for (const line of diff) {
    const last = segments[segments.length - 1];
    if (line.op === 'EQUAL') {
      if (last?.kind === 'same') last.lines.push(line.text);
      else segments.push({ kind: 'same', lines: [line.text] });
    } else {
      const change = last?.kind === 'change' ? last : null;
      const target = change ?? { kind: 'change' as const, theirs: [], mine: [] };
      if (!change) segments.push(target);
      (line.op === 'DELETE' ? target.theirs : target.mine).push(line.text);
    }
  }
  return segments;
}

export const changesOf = (segments: Segment[]) => segments.filter((s): s is Extract<Segment, { kind: 'change' }> => s.kind === 'change');

/** The merged text: shared lines, and for each change the lines chosen (theirs first when both). */
export function mergedText(segments: Segment[], choices: Choice[]): string {
  const lines: string[] = [];
  let change = 0;
  for (const segment of segments) {
    if (segment.kind === 'same') {
      lines.push(...segment.lines);
      continue;
    }
    const choice = choices[change++] ?? 'both';
    if (choice !== 'mine') lines.push(...segment.theirs);
    if (choice !== 'theirs') lines.push(...segment.mine);
  }
  return lines.join('\n');
}

function containsBlock(haystack: string[], block: string[]): boolean {
  if (block.length === 0) return false;
  for (let i = 0; i + block.length <= haystack.length; i++) {
    if (block.every((line, j) => haystack[i + j] === line)) return true;
  }
  return false;
}

/**
 * A first guess for each change from the text both started from: where only one side changed
 * the passage, that side's lines; where both did (or the start is unknown), both, so nothing is
 * dropped unseen. The person can change every choice.
 */
export function suggestedChoices(segments: Segment[], base: string | null): Choice[] {
  const baseLines = base === null ? null : base.split('\n');
  return changesOf(segments).map(({ theirs, mine }) => {
    if (!baseLines) return 'both';
    const theirsWasThere = containsBlock(baseLines, theirs);
    const mineWasThere = containsBlock(baseLines, mine);
    if (theirs.length === 0) return mineWasThere ? 'theirs' : 'mine';
    if (mine.length === 0) return theirsWasThere ? 'mine' : 'theirs';
    if (mineWasThere && !theirsWasThere) return 'theirs';
    if (theirsWasThere && !mineWasThere) return 'mine';
    return 'both';
  });
}
