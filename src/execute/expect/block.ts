// The page-block matcher (`output: { block: | … }`): lines pasted from a page against what the
// command printed, with trycmd/snapbox conventions: `[..]` in a line matches any text within that
// line, a line that is exactly `...` matches any number of lines (none included). Unlike snapbox,
// trailing whitespace is ignored and runs of spaces/tabs are equal (a page's tables are re-typed),
// blank lines around the block and the output are ignored, and there are no [EXE]/[ROOT] tokens.
//
// Cost: the match is the classic wildcard algorithm over lines (greedy, back to the last `...` on
// a miss): linear in the usual case and at most block lines × output lines steps, each an integer
// comparison (lines are interned) or a memoized `[..]` test. That product is bounded up front.
import { StepInputError } from '../../plan/argv.js';

/** Block lines × output lines at most (a `...`-heavy block over a huge output costs their product). */
export const BLOCK_LIMIT_CELLS = 5_000_000;

export const ANY_LINES = '...';
export const ANY_TEXT = '[..]';

/** A line as compared: trailing whitespace dropped, each run of spaces/tabs one space. */
export const normalizeLine = (s: string): string => s.replace(/[ \t]+$/, '').replace(/[ \t]+/g, ' ');

/** Lines of a text without the blank lines before the first and after the last non-blank one. */
export function trimmedLines(text: string): { lines: string[]; first: number } {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  let start = 0;
  let end = lines.length;
  while (start < end && (lines[start] ?? '').trim() === '') start++;
  while (end > start && (lines[end - 1] ?? '').trim() === '') end--;
  return { lines: lines.slice(start, end), first: start };
}

/** Does one actual line (normalized) match one page line (normalized, maybe with `[..]`)? */
export function lineMatches(pattern: string, actual: string): boolean {
  if (!pattern.includes(ANY_TEXT)) return pattern === actual;
  const parts = pattern.split(ANY_TEXT);
  const head = parts[0] ?? '';
  const tail = parts[parts.length - 1] ?? '';
  if (!actual.startsWith(head) || actual.length < head.length + tail.length || !actual.endsWith(tail)) return false;
  // Middle parts leftmost-first: for `*`-only globs the first fit is never worse than a later one.
  let at = head.length;
  const stop = actual.length - tail.length;
  for (const part of parts.slice(1, -1)) {
    const i = actual.indexOf(part, at);
    if (i === -1 || i + part.length > stop) return false;
    at = i + part.length;
  }
  return true;
}

/** Compares page lines with actual lines, each pair at most once: lines are interned to integers. */
export class LineMatcher {
  private readonly pageIds: Int32Array;
  private readonly actualIds: Int32Array;
  /** Per page line: 0 plain, 1 has `[..]`, 2 is `...`. */
  private readonly shape: Uint8Array;
  private readonly pageNorm: string[];
  private readonly actualNorm: string[];
  /** Per `[..]` page line, per distinct actual line (by interned id): 1 matches, 2 does not, 0 not compared yet. */
  private readonly memo: Int8Array[];

  constructor(readonly page: readonly string[], readonly actual: readonly string[]) {
    const ids = new Map<string, number>();
    const id = (s: string): number => {
      let v = ids.get(s);
      if (v === undefined) ids.set(s, (v = ids.size));
      return v;
    };
    this.pageNorm = page.map(normalizeLine);
    this.pageIds = Int32Array.from(this.pageNorm, id);
    this.actualNorm = actual.map(normalizeLine);
    this.actualIds = Int32Array.from(this.actualNorm, id);
    this.shape = Uint8Array.from(this.pageNorm, (l) => (l.trim() === ANY_LINES ? 2 : l.includes(ANY_TEXT) ? 1 : 0));
    // Equal `[..]` lines share one row; an empty row stands in for the other lines.
    const rows = new Map<number, Int8Array>();
    const none = new Int8Array(0);
    this.memo = Array.from(this.pageIds, (p, i) => {
      if (this.shape[i] !== 1) return none;
      let row = rows.get(p);
      if (!row) rows.set(p, (row = new Int8Array(ids.size)));
      return row;
    });
  }

  isAny(i: number): boolean {
    return this.shape[i] === 2;
  }

  matches(i: number, j: number): boolean {
    const a = this.actualIds[j] as number;
    if (this.pageIds[i] === a) return true;
    if (this.shape[i] !== 1) return false;
    const row = this.memo[i] as Int8Array;
    if (row[a] === 0) row[a] = lineMatches(this.pageNorm[i] ?? '', this.actualNorm[j] ?? '') ? 1 : 2;
    return row[a] === 1;
  }
}

/** Refuse (a step error, like regex-too-costly) a comparison whose worst case is over the limit. */
export function checkBlockCost(field: string, pageLines: number, actualLines: number): void {
  if (pageLines * actualLines <= BLOCK_LIMIT_CELLS) return;
  throw new StepInputError('block-too-costly', `${field}: a block of ${pageLines} lines cannot be compared with ${actualLines} lines of output: the limit is block lines × output lines ≤ ${BLOCK_LIMIT_CELLS}; shorten the block or select less output`);
}

/** Whether every actual line is accounted for by the page, in order. */
export function blockMatches(m: LineMatcher): boolean {
  const n = m.page.length;
  const total = m.actual.length;
  let i = 0;
  let j = 0;
  let star = -1;
  let starJ = 0;
  while (j < total) {
    if (i < n && m.isAny(i)) {
      star = i++;
      starJ = j;
    } else if (i < n && m.matches(i, j)) {
      i++;
      j++;
    } else if (star !== -1) {
      i = star + 1;
      j = ++starJ;
    } else {
      return false;
    }
  }
  while (i < n && m.isAny(i)) i++;
  return i === n;
}
