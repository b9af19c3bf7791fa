// A unified diff of a page block against the actual output (`--- page`, `+++ actual`, `@@`
// hunks with 3 lines of context), for the "found" of a failed block matcher. Lines are aligned by
// the block's own rules (a `[..]` line that matches is context, a `...` line stands for the lines
// it absorbs), with the fewest page lines missing plus actual lines extra. Whitespace in the
// differing lines is made visible, since "ignored at line ends" is where surprises hide.
//
// Cost: a common head and tail are stripped first; the rest is a DP of page × actual cells (8 bytes each),
// at most DIFF_LIMIT_CELLS (the actual side is cut to fit, and the diff says so). The rendered
// diff is at most MAX_DIFF_LINES lines of at most MAX_LINE_CHARS characters.
import type { LineMatcher } from './block.js';

export const DIFF_LIMIT_CELLS = 1_000_000;
export const MAX_DIFF_LINES = 40;
const MAX_LINE_CHARS = 200;
const CONTEXT = 3;

interface Row {
  tag: ' ' | '-' | '+';
  text: string;
  /** 0-based page line and actual line where this row starts, and how many of each it stands for. */
  page: number;
  actual: number;
  pageCount: number;
  actualCount: number;
}

/** Trailing spaces as ·, tabs as → (only where a line differs: context lines stay as printed). */
export function visibleWhitespace(s: string): string {
  const end = s.replace(/[ \t]+$/, '');
  return (end + s.slice(end.length).replace(/ /g, '·')).replace(/\t/g, '→');
}

const clip = (s: string): string => (s.length > MAX_LINE_CHARS ? `${s.slice(0, MAX_LINE_CHARS - 1)}…` : s);

/**
 * Align page[i0..i1) with actual[j0..j1): the rows of the alignment with the fewest changes (a
 * page line missing, an actual line extra, or one replacing the other), then the fewest lines
 * taken by `...` lines. Cost = changes × big + lines taken (exact in a Float64Array).
 */
function align(m: LineMatcher, i0: number, i1: number, j0: number, j1: number): Row[] {
  const h = i1 - i0;
  const w = j1 - j0;
  const W = w + 1;
  const big = W;
  const dp = new Float64Array((h + 1) * W);
  for (let i = h; i >= 0; i--) {
    for (let j = w; j >= 0; j--) {
      const k = i * W + j;
      if (i === h) dp[k] = (w - j) * big;
      else if (m.isAny(i0 + i)) dp[k] = j < w ? Math.min(dp[k + W] as number, (dp[k + 1] as number) + 1) : (dp[k + W] as number);
      else if (j === w) dp[k] = (dp[k + W] as number) + big;
      else {
        const step = (dp[k + W + 1] as number) + (m.matches(i0 + i, j0 + j) ? 0 : big);
        dp[k] = Math.min(step, (dp[k + W] as number) + big, (dp[k + 1] as number) + big);
      }
    }
  }
  const rows: Row[] = [];
  let i = 0;
  let j = 0;
  while (i < h || j < w) {
    const k = i * W + j;
    const [pi, aj] = [i0 + i, j0 + j];
    const row = (tag: Row['tag'], text: string, pageCount: number, actualCount: number): number => rows.push({ tag, text, page: pi, actual: aj, pageCount, actualCount });
    if (i < h && m.isAny(pi)) {
      // A `...` line: one context row standing for the actual lines it takes.
      let end = j;
      while (end < w && dp[i * W + end] !== dp[(i + 1) * W + end]) end++;
      row(' ', m.page[pi] ?? '', 1, end - j);
      i++;
      j = end;
    } else if (i < h && j < w && dp[k] === (dp[k + W + 1] as number) + (m.matches(pi, aj) ? 0 : big)) {
      if (m.matches(pi, aj)) row(' ', m.actual[aj] ?? '', 1, 1);
      else {
        row('-', m.page[pi] ?? '', 1, 0);
        row('+', m.actual[aj] ?? '', 0, 1);
      }
      i++;
      j++;
    } else if (i < h && (j === w || dp[k] === (dp[k + W] as number) + big)) {
      row('-', m.page[pi] ?? '', 1, 0);
      i++;
    } else {
      row('+', m.actual[aj] ?? '', 0, 1);
      j++;
    }
  }
  return grouped(rows);
}

/** Within each run of changed rows, the page's lines first, then the actual ones (as diff prints them). */
function grouped(rows: Row[]): Row[] {
  const out: Row[] = [];
  let run: Row[] = [];
  const flush = (): void => {
    out.push(...run.filter((r) => r.tag === '-'), ...run.filter((r) => r.tag === '+'));
    run = [];
  };
  for (const r of rows) {
    if (r.tag === ' ') {
      flush();
      out.push(r);
    } else run.push(r);
  }
  flush();
  return out;
}

export interface BlockDiff {
  /** The diff's lines, `--- page` first. */
  lines: string[];
  /** The first difference in words, e.g. `output line 3 is "x" where the page has "y"`. */
  first: string;
}

/** The diff of a failed block. `pageFirst`/`actualFirst`: line numbers of the first kept lines (blank lines trimmed). */
export function blockDiff(m: LineMatcher, pageFirst = 0, actualFirst = 0): BlockDiff {
  const n = m.page.length;
  let total = m.actual.length;
  // A common head and tail (no `...` in them) align one to one: any alignment can be made to.
  let head = 0;
  while (head < n && head < total && !m.isAny(head) && m.matches(head, head)) head++;
  let tail = 0;
  while (tail < n - head && tail < total - head && !m.isAny(n - 1 - tail) && m.matches(n - 1 - tail, total - 1 - tail)) tail++;
  let cut = 0;
  const inner = n - head - tail + 1;
  if (inner * (total - head - tail + 1) > DIFF_LIMIT_CELLS) {
    cut = total;
    total = head + Math.max(1, Math.floor(DIFF_LIMIT_CELLS / inner) - 1);
    cut -= total;
    tail = 0;
  }
  const rows: Row[] = [];
  for (let k = 0; k < head; k++) rows.push({ tag: ' ', text: m.actual[k] ?? '', page: k, actual: k, pageCount: 1, actualCount: 1 });
  rows.push(...align(m, head, n - tail, head, total - tail));
  for (let k = tail; k > 0; k--) rows.push({ tag: ' ', text: m.actual[total - k] ?? '', page: n - k, actual: total - k, pageCount: 1, actualCount: 1 });
  return render(rows, pageFirst, actualFirst, cut);
}

/** The first change in words: a replaced line (the first - and + of one run), a missing or an extra one. */
function describeFirst(rows: Row[], at: number, pageFirst: number, actualFirst: number): string {
  const r = rows[at] as Row;
  let end = at;
  while (rows[end + 1] !== undefined && rows[end + 1]?.tag !== ' ') end++;
  const plus = rows.slice(at, end + 1).find((x) => x.tag === '+');
  const q = (s: string): string => JSON.stringify(clip(s));
  if (r.tag === '-' && plus) return `output line ${plus.actual + actualFirst + 1} is ${q(plus.text)} where the page has ${q(r.text)}`;
  if (r.tag === '-') return `page line ${r.page + pageFirst + 1} ${q(r.text)} is missing from the output`;
  return `output line ${r.actual + actualFirst + 1} ${q(r.text)} is not on the page`;
}

function render(rows: Row[], pageFirst: number, actualFirst: number, cut: number): BlockDiff {
  const changed = rows.flatMap((r, k) => (r.tag === ' ' ? [] : [k]));
  const lines = ['--- page', '+++ actual'];
  let marked = false;
  // Hunks: changed rows with CONTEXT rows around them; two hunks closer than 2×CONTEXT merge.
  const hunks: [number, number][] = [];
  for (const k of changed) {
    const last = hunks[hunks.length - 1];
    if (last && k - CONTEXT <= last[1] + CONTEXT) last[1] = k;
    else hunks.push([k, k]);
  }
  let shown = 0;
  for (const [a, b] of hunks) {
    const from = Math.max(0, a - CONTEXT);
    const to = Math.min(rows.length - 1, b + CONTEXT);
    const slice = rows.slice(from, to + 1);
    const sum = (f: (r: Row) => number): number => slice.reduce((s, r) => s + f(r), 0);
    const start = slice[0] as Row;
    const pc = sum((r) => r.pageCount);
    const ac = sum((r) => r.actualCount);
    lines.push(`@@ -${start.page + pageFirst + (pc > 0 ? 1 : 0)},${pc} +${start.actual + actualFirst + (ac > 0 ? 1 : 0)},${ac} @@`);
    shown++;
    for (const r of slice) {
      if (shown >= MAX_DIFF_LINES) break;
      const text = r.tag === ' ' ? r.text : visibleWhitespace(r.text);
      marked ||= text !== r.text;
      lines.push(`${r.tag}${clip(text)}`);
      shown++;
    }
    if (shown >= MAX_DIFF_LINES) {
      lines.push(`… the diff goes on (${changed.length} lines differ in all)`);
      break;
    }
  }
  if (marked) lines.push('(in - and + lines, · is a space at a line end and → a tab)');
  if (cut > 0) lines.push(`(the last ${cut} output lines were left out of this diff to bound its cost)`);
  const first = changed.length > 0 ? describeFirst(rows, changed[0] as number, pageFirst, actualFirst) : 'no line-by-line difference';
  return { lines, first };
}
