// Column-aligned text tables: `docker top` (Go tabwriter: every cell starts at its header's offset),
// `runsc ps`, procps `ps`, PowerShell's Format-Table (numbers right-aligned under their header, a
// dashed rule under the header, blank cells). The LAST column is free text (CMD, COMMAND,
// ProcessName): it runs to the end of the line and may contain spaces.
//
// Each data row is split by the first method that fits it, recorded in `split`:
//   1. 'offsets': every word left of the last column must overlap the span of exactly one header
//      (so left-aligned tabwriter cells, right-aligned numbers and blank cells all work); a word
//      that overlaps no header or two headers, or straddles the start of the last column, means
//      the row does not follow the header's layout.
//   2. 'gaps': cells separated by runs of 2+ spaces (a cell may hold single spaces); used when a
//      value is wider than its column and pushed the layout out of line.
//   3. 'words': cells separated by any whitespace, the remainder is the last column (for tables
//      whose columns are one word each and separated by a single space, e.g. busybox ps).
// A row none of them can split into enough cells is an error, never silently dropped.
import { ParseError } from './errors.js';

export type RowSplit = 'offsets' | 'gaps' | 'words';

export interface TableColumn {
  /** The header text as printed (may repeat: `ps -o pid,comm,args` prints COMMAND twice). */
  name: string;
  /** Unique key for `rows`: the name, or `name#2`, `name#3` for repeats. */
  key: string;
  /** Offset of the header's first and one-past-last character in the header line. */
  start: number;
  end: number;
}

export interface Table {
  headers: string[];
  columns: TableColumn[];
  /** One record per data row, keyed by column key. Every key is present (blank cells are ''). */
  rows: Record<string, string>[];
  /** The same cells by position. */
  cells: string[][];
  /** How each row was split. */
  split: RowSplit[];
  /** 1-based line number of each row in the input. */
  lineNumbers: number[];
  /** The header line and the data lines as read (CR and BOM removed). */
  headerLine: string;
  lines: string[];
}

export interface TableOptions {
  /** Used in error messages, e.g. "docker top". */
  format?: string;
  /** Headers that contain single spaces (other headers are split on any whitespace). */
  multiWordHeaders?: readonly string[];
}

const DEFAULT_MULTI_WORD = ['Private Working Set'] as const;

interface Span {
  text: string;
  start: number;
  end: number;
}

function words(line: string): Span[] {
  const out: Span[] = [];
  const re = /\S+/g;
  for (let m = re.exec(line); m !== null; m = re.exec(line)) out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

/** Runs of words separated by single spaces: the cells of a row whose columns are 2+ spaces apart. */
function gapCells(line: string): Span[] {
  const out: Span[] = [];
  const re = /\S+(?: \S+)*/g;
  for (let m = re.exec(line); m !== null; m = re.exec(line)) out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

/** Lines of a text, without BOM and CR. */
export function textLines(text: string): string[] {
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return t.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

function headerColumns(line: string, multi: readonly string[]): TableColumn[] {
  const ws = words(line);
  const phrases = multi.map((p) => p.split(' '));
  const cols: { name: string; start: number; end: number }[] = [];
  for (let i = 0; i < ws.length; ) {
    let merged = false;
    for (const ph of phrases) {
      if (ph.length < 2 || i + ph.length > ws.length) continue;
      let ok = true;
      for (let k = 0; k < ph.length && ok; k++) {
        const w = ws[i + k];
        ok = w !== undefined && w.text === ph[k] && (k === 0 || w.start === (ws[i + k - 1]?.end ?? -2) + 1);
      }
      if (ok) {
        const first = ws[i];
        const last = ws[i + ph.length - 1];
        if (first !== undefined && last !== undefined) cols.push({ name: ph.join(' '), start: first.start, end: last.end });
        i += ph.length;
        merged = true;
        break;
      }
    }
    if (!merged) {
      const w = ws[i];
      if (w !== undefined) cols.push({ name: w.text, start: w.start, end: w.end });
      i++;
    }
  }
  const seen = new Map<string, number>();
  return cols.map((c) => {
    const n = (seen.get(c.name) ?? 0) + 1;
    seen.set(c.name, n);
    return { ...c, key: n === 1 ? c.name : `${c.name}#${n}` };
  });
}

const isRule = (line: string): boolean => /^[\s-]*-[\s-]*$/.test(line);

function splitByOffsets(line: string, cols: TableColumn[]): string[] | undefined {
  const n = cols.length;
  const last = cols[n - 1];
  if (last === undefined) return undefined;
  const cells: string[] = new Array<string>(n).fill('');
  for (const w of words(line)) {
    if (w.start >= last.start) break;
    if (w.end > last.start) return undefined; // straddles the start of the free-text column
    let hit = -1;
    for (let j = 0; j < n - 1; j++) {
      const c = cols[j];
      if (c !== undefined && w.start < c.end && w.end > c.start) {
        if (hit !== -1) return undefined; // overlaps two headers
        hit = j;
      }
    }
    if (hit === -1) return undefined; // in no column
    cells[hit] = cells[hit] === '' ? w.text : `${cells[hit]} ${w.text}`;
  }
  cells[n - 1] = line.length > last.start ? line.slice(last.start).trim() : '';
  return cells;
}

function splitByGaps(line: string, n: number): string[] | undefined {
  const g = gapCells(line);
  if (g.length < n) return undefined;
  const cells = g.slice(0, n - 1).map((s) => s.text);
  const rest = g[n - 1];
  cells.push(rest === undefined ? '' : line.slice(rest.start).trim());
  return cells;
}

function splitByWords(line: string, n: number): string[] | undefined {
  const w = words(line);
  if (w.length < n - 1) return undefined;
  const cells = w.slice(0, n - 1).map((s) => s.text);
  const rest = w[n - 1];
  cells.push(rest === undefined ? '' : line.slice(rest.start).trim());
  return cells;
}

/**
 * Parse a column-aligned table. The header is the first non-blank line; blank lines and dashed
 * rules (`-------  ------`) are skipped. Text with no header at all gives `headers: []`.
 * @throws ParseError when a row cannot be split into the header's columns.
 */
export function parseTable(text: string, opts: TableOptions = {}): Table {
  const format = opts.format ?? 'table';
  const all = textLines(text);
  const table: Table = { headers: [], columns: [], rows: [], cells: [], split: [], lineNumbers: [], headerLine: '', lines: [] };
  let i = 0;
  while (i < all.length && (all[i] ?? '').trim() === '') i++;
  if (i >= all.length) return table;
  const headerLine = all[i] ?? '';
  const cols = headerColumns(headerLine, opts.multiWordHeaders ?? DEFAULT_MULTI_WORD);
  table.headerLine = headerLine;
  table.columns = cols;
  table.headers = cols.map((c) => c.name);
  const n = cols.length;
  for (i++; i < all.length; i++) {
    const line = all[i] ?? '';
    if (line.trim() === '' || isRule(line)) continue;
    let split: RowSplit = 'offsets';
    let cells = splitByOffsets(line, cols);
    if (cells === undefined) {
      split = 'gaps';
      cells = splitByGaps(line, n);
    }
    if (cells === undefined) {
      split = 'words';
      cells = splitByWords(line, n);
    }
    if (cells === undefined) throw new ParseError(format, `row has fewer than the ${n - 1} cells the header needs before ${cols[n - 1]?.name ?? 'its last column'}`, line, i + 1);
    const row: Record<string, string> = {};
    cols.forEach((c, k) => (row[c.key] = cells[k] ?? ''));
    table.rows.push(row);
    table.cells.push(cells);
    table.split.push(split);
    table.lineNumbers.push(i + 1);
    table.lines.push(line);
  }
  return table;
}
