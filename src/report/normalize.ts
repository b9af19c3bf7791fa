// --normalize: replace values that change from run to run with stable placeholders, so two
// transcripts of the same scenario diff cleanly. Works on text, with one mapping shared by every
// call (the same container id or PID gets the same placeholder everywhere in a report); numbers
// are handed out in order of first appearance in the text normalized.
//
// Rules, applied in this order to each text:
//   run id          the run's id (as given, when at least 6 characters and not "none") → <run-id>
//                   (so container names `isocheck-<run-id>-0-proc` become stable too)
//   container ids   64-hex ids, and any 12-to-63 hex prefix of a known id   → <container:N>
//                   (`sha256:` digests are left alone: they name images, which do not change)
//   timestamps      ISO date-times                                           → <time>
//                   clock times HH:MM, H:MM:SS(.fff) (STIME/START/TIME columns) → <time>
//   durations       measured durations: decimals with a unit (1.02s, 0.045 ms) and whole
//                   ns/µs/us/ms (48ms)                                      → <duration>
//                   (whole seconds/minutes such as `5s` are what scenarios configure: kept)
//   PIDs (not 0/1)  in process tables (a header line with a PID/PPID column): those cells;
//                   after the words PID/PIDs (`PID 2735`, `PIDs 1, 14`): those numbers;
//                   elsewhere: any standalone number that is a known PID ≥ 100 (known = seen in
//                   those two places in the result, or a value captured under a name containing
//                   "pid"). Small PIDs are not replaced in free text: they are the stable PIDs of a
//                   fresh container namespace and too easily confused with counts.  → <pid:N>
//   process tables  also: C and %CPU cells → <cpu>; STIME, START and TIME cells → <time>;
//                   columns are re-spaced (two spaces apart), as the values' widths varied
//
// PIDs 0 and 1 (kernel, init — in every namespace) never change and are kept as they are.
// Captured values whose name contains "pid" go through capture().
// Durations and times the reports print from numbers (step durations, startedAt) go through
// duration() and time() instead of text().
import type { RunResult } from '../execute/results.js';

export const MIN_FREE_TEXT_PID = 100;

export interface NormalizerSeed {
  runId?: string;
  /** Full (64-hex) container ids known to belong to the run. */
  containerIds?: Iterable<string>;
  /** PIDs known to appear in the run's results. */
  pids?: Iterable<number | string>;
}

const HEX_RUN = /(?<![0-9a-zA-Z])(?<!sha256:)[0-9a-f]{12,64}(?![0-9a-zA-Z])/g;
const FULL_ID = /(?<![0-9a-zA-Z])(?<!sha256:)[0-9a-f]{64}(?![0-9a-zA-Z])/g;
const ISO_TIME = /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g;
const CLOCK_TIME = /(?<![\d:.])\d{1,2}:[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?![\d:])/g;
const DURATION = /(?<![\w.])(?:\d+\.\d+\s?(?:ns|µs|us|ms|s|m)|\d+\s?(?:ns|µs|us|ms))(?![\w])/g;
const PID_WORDS = /\b(PIDs?|pids?)(\s*[:=]?\s*)(\d+(?:(?:\s*,\s*|\s+and\s+)\d+)*)/g;
const NUMBER = /(?<![\w.:<-])\d+(?![\w]|\.\d)/g;
const HEADER_TOKEN = /^[A-Za-z%][A-Za-z0-9%_-]*$/;

interface TableColumns {
  /** Token indexes of the PID and PPID columns. */
  cols: number[];
  /** Token indexes of CPU-use columns (C, %CPU): they change with every look. */
  cpu: number[];
  /** Token indexes of time columns (STIME, START, TIME), whatever their format (`0s`, `10ms`). */
  time: number[];
  /** Number of header words: the last column (the command) takes the rest of a row. */
  width: number;
}

/** A table line as cells: the first width-1 words, then the rest of the line as one cell. */
function cells(line: string, width: number): string[] {
  const out: string[] = [];
  let rest = line.trim();
  while (out.length < width - 1 && rest !== '') {
    const m = /^(\S+)\s*/.exec(rest);
    if (!m) break;
    out.push(m[1] ?? '');
    rest = rest.slice(m[0].length);
  }
  if (rest !== '') out.push(rest);
  return out;
}

/**
 * Cells laid out in columns two spaces apart. Placeholders are not as wide as the values they
 * replace and tools pad columns to their widest value, so the spacing is made anew.
 */
function align(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => r.map((c, i) => (i < r.length - 1 ? c.padEnd((widths[i] ?? 0) + 2) : c)).join('').trimEnd());
}

/** A process-table header: all tokens are words, one of them is PID. */
function tableHeader(line: string): TableColumns | undefined {
  const tokens = line.trim().split(/\s+/);
  if (!tokens.includes('PID') || !tokens.every((t) => HEADER_TOKEN.test(t))) return undefined;
  const cols = tokens.flatMap((t, i) => (t === 'PID' || t === 'PPID' ? [i] : []));
  const cpu = tokens.flatMap((t, i) => (t === 'C' || t === '%CPU' ? [i] : []));
  const time = tokens.flatMap((t, i) => (t === 'STIME' || t === 'START' || t === 'TIME' ? [i] : []));
  return { cols, cpu, time, width: tokens.length };
}

export class Normalizer {
  private readonly containers = new Map<string, string>();
  private readonly knownIds = new Set<string>();
  private readonly pidMap = new Map<string, string>();
  private readonly knownPids = new Set<string>();
  private readonly runId: string | undefined;

  constructor(seed: NormalizerSeed = {}) {
    this.runId = seed.runId && seed.runId.length >= 6 && seed.runId !== 'none' ? seed.runId : undefined;
    for (const id of seed.containerIds ?? []) if (/^[0-9a-f]{64}$/.test(id)) this.knownIds.add(id);
    for (const p of seed.pids ?? []) if (/^\d+$/.test(String(p))) this.knownPids.add(String(Number(p)));
  }

  duration(_ms?: number): string {
    return '<duration>';
  }

  time(_iso?: string): string {
    return '<time>';
  }

  /** The placeholder for a container id (full or a prefix of a known one); undefined if unknown. */
  container(id: string): string | undefined {
    let full: string | undefined;
    if (id.length === 64) {
      full = id;
      this.knownIds.add(id);
    } else {
      for (const k of this.knownIds) if (k.startsWith(id)) { full = k; break; }
    }
    if (full === undefined) return undefined;
    let p = this.containers.get(full);
    if (p === undefined) {
      p = `<container:${this.containers.size + 1}>`;
      this.containers.set(full, p);
    }
    return p;
  }

  /** The placeholder for a PID; 0 and 1 (kernel, init) never change and are kept. */
  pid(pid: string | number): string {
    const key = String(Number(pid));
    if (key === '0' || key === '1') return key;
    this.knownPids.add(key);
    let p = this.pidMap.get(key);
    if (p === undefined) {
      p = `<pid:${this.pidMap.size + 1}>`;
      this.pidMap.set(key, p);
    }
    return p;
  }

  /** A captured value: a PID list when the capture's name says pid, otherwise plain text. */
  capture(name: string, value: string): string {
    if (/pid/i.test(name) && /^\d+(?:[\s,]+\d+)*$/.test(value.trim())) return value.replace(/\d+/g, (n) => this.pid(n));
    return this.text(value);
  }

  text(input: string): string {
    let s = input;
    if (this.runId) s = s.split(this.runId).join('<run-id>');
    for (const m of s.matchAll(FULL_ID)) this.knownIds.add(m[0]);
    s = s.replace(HEX_RUN, (m) => this.container(m) ?? m);
    s = s.replace(ISO_TIME, '<time>');
    s = s.replace(CLOCK_TIME, '<time>');
    s = s.replace(DURATION, '<duration>');
    return this.pids(s);
  }

  private pids(s: string): string {
    const lines = s.split('\n');
    const out: string[] = [];
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] ?? '';
      const table = tableHeader(line);
      if (!table) {
        out.push(this.freePids(line));
        continue;
      }
      // A process table: its header, then the rows whose PID cells are numbers.
      const rows: string[][] = [];
      while (i + 1 < lines.length) {
        const row = this.tableRow(lines[i + 1] ?? '', table);
        if (row === undefined) break;
        rows.push(row);
        i++;
      }
      out.push(...align([cells(line, table.width), ...rows]));
    }
    return out.join('\n');
  }

  /** The row's cells with PID, CPU and time cells replaced; undefined when not a table row. */
  private tableRow(line: string, t: TableColumns): string[] | undefined {
    if (line.trim() === '') return undefined;
    const row = cells(line, t.width);
    if (!t.cols.every((c) => /^\d+$/.test(row[c] ?? ''))) return undefined;
    return row.map((cell, i) => {
      if (t.cols.includes(i)) return this.pid(cell);
      if (t.cpu.includes(i) && /^\d+(?:\.\d+)?$/.test(cell)) return '<cpu>';
      return t.time.includes(i) && /^[\d<]/.test(cell) ? '<time>' : cell;
    });
  }

  private freePids(line: string): string {
    const worded = line.replace(PID_WORDS, (_m, word: string, sep: string, list: string) =>
      `${word}${sep}${list.replace(/\d+/g, (n) => this.pid(n))}`,
    );
    return worded.replace(NUMBER, (n) => (this.knownPids.has(String(Number(n))) && Number(n) >= MIN_FREE_TEXT_PID ? this.pid(n) : n));
  }
}

/** PIDs a text shows: process-table PID/PPID cells and numbers after PID/PIDs. */
export function pidsIn(text: string): string[] {
  const found: string[] = [];
  let table: TableColumns | undefined;
  for (const line of text.split('\n')) {
    const header = tableHeader(line);
    if (header) {
      table = header;
      continue;
    }
    if (table && line.trim() !== '') {
      const tokens = line.trim().split(/\s+/);
      const cells = table.cols.map((c) => tokens[c]);
      if (cells.every((c) => c !== undefined && /^\d+$/.test(c))) {
        found.push(...(cells as string[]));
        continue;
      }
    }
    table = undefined;
    for (const m of line.matchAll(PID_WORDS)) found.push(...(m[3]?.match(/\d+/g) ?? []));
  }
  return found;
}

function* strings(v: unknown): Generator<string> {
  if (typeof v === 'string') yield v;
  else if (Array.isArray(v)) for (const x of v) yield* strings(x);
  else if (v !== null && typeof v === 'object') for (const x of Object.values(v)) yield* strings(x);
}

/** A normalizer that knows the run's id, its containers and the PIDs its steps found. */
export function normalizerFor(result: RunResult): Normalizer {
  const ids = new Set<string>();
  const pids = new Set<string>();
  for (const s of result.scenarios) {
    for (const c of s.containers) ids.add(c.id);
    for (const st of s.steps) {
      const texts = [st.output, ...st.expectations.flatMap((e) => [e.found, e.expected, e.message]), ...st.commands.map((c) => c.stdout)];
      for (const t of texts) for (const p of pidsIn(t)) pids.add(p);
      for (const [name, value] of Object.entries(st.captures)) {
        if (/pid/i.test(name)) for (const p of value.match(/\d+/g) ?? []) pids.add(p);
      }
    }
  }
  for (const t of strings(result)) for (const m of t.matchAll(FULL_ID)) ids.add(m[0]);
  return new Normalizer({ runId: result.runId, containerIds: ids, pids });
}
