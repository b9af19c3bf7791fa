// --normalize: replace values that change from run to run with stable placeholders named by what
// they are, so two transcripts of the same scenario diff cleanly. One mapping is shared by every
// call (the same container id or PID gets the same placeholder everywhere in a report).
//
// Rules, applied in this order to each text:
//   run id          the run's id (as given, when at least 6 characters and not "none") → <run-id>
//                   (so container names `isocheck-<run-id>-0-proc` become stable too)
//   container ids   64-hex ids, and any 12-to-63 hex prefix of a known id: the container of run
//                   step "proc" → <id:proc>; an id no step started → <id:N> (N in order of appearance)
//                   (`sha256:` digests are left alone: they name images, which do not change)
//   timestamps      ISO date-times, clock times HH:MM, H:MM:SS(.fff)          → <time>
//   durations       measured durations: decimals with a unit (1.02s, 0.045 ms) and whole
//                   ns/µs/us/ms (48ms)                                      → <duration>
//                   (whole seconds/minutes such as `5s` are what scenarios configure: kept)
//   PIDs (not 0/1)  in process tables (a header line with a PID/PPID column): those cells;
//                   after the words PID/PIDs (`PID 2735`, `PIDs 1, 14`): those numbers;
//                   elsewhere: any standalone number that is a known PID ≥ 100 (known = seen in
//                   those two places in the result, or a value captured under a name containing
//                   "pid"). Small PIDs are not replaced in free text: they are the stable PIDs of a
//                   fresh container namespace and too easily confused with counts.
//                   A PID a capture holds is named by it: <pid:procPid> (a list: <pid:pids.2>).
//                   Others are named by the namespace they are in, which the step says (host:
//                   host-processes, engine top; inner: exec, the runtime's view; else plain pid),
//                   and numbered within the step that first shows them: <host-pid:3.1> is the
//                   first new host PID of step 3, <inner-pid:5.1>, <pid:2.1>. So one extra
//                   process shifts the numbers of its own step only.
//   process tables  also: C and %CPU cells → <cpu>; STIME, START and TIME cells → <time>;
//                   columns are re-spaced (two spaces apart, cells found by the header's
//                   positions), as the values' widths varied
//
// PIDs 0 and 1 (kernel, init — in every namespace) never change and are kept as they are.
// Durations and times the reports print from numbers (step durations, startedAt) go through
// duration() and time() instead of text().
import type { RunResult, StepResult } from '../execute/results.js';

export const MIN_FREE_TEXT_PID = 100;

export interface NormalizerSeed {
  runId?: string;
  /** Full (64-hex) container ids known to belong to the run. */
  containerIds?: Iterable<string>;
  /** PIDs known to appear in the run's results. */
  pids?: Iterable<number | string>;
  /** Container id → the run step that started it (its placeholder is <id:step>). */
  containerSteps?: Iterable<[id: string, stepId: string]>;
  /** PIDs captured under a name: the placeholder is <pid:name>. */
  namedPids?: Iterable<{ pid: string; name: string; kind: PidKind }>;
}

/** Which namespace a step's PIDs are in: the host's, a container's own, or not known. */
export type PidKind = 'host' | 'inner' | 'pid';

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
  /** Where each header word starts. */
  starts: number[];
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
 * A row cut at the header's column starts, when every cut falls on a space (left-aligned tables:
 * engine top, isocheck's own host table): then a cell may hold spaces ("proc 3f2a…"). Otherwise
 * (right-aligned numbers, as busybox ps) the cells are the row's words.
 */
function rowCells(line: string, starts: readonly number[], width: number): string[] {
  const fits = line.slice(0, starts[0] ?? 0).trim() === '' && starts.every((at, i) => i === 0 || (at < line.length && /\s/.test(line[at - 1] ?? '') && /\S/.test(line[at] ?? '')));
  if (!fits) return cells(line, width);
  return starts.map((at, i) => line.slice(at, starts[i + 1] ?? line.length).trim());
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
  const starts = [...line.matchAll(/\S+/g)].map((m) => m.index);
  return { cols, cpu, time, width: tokens.length, starts };
}

/** A name that may go into a placeholder (step ids and capture names are validated; a result may come from elsewhere). */
const PLACEHOLDER_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;

export class Normalizer {
  private readonly containers = new Map<string, string>();
  private readonly knownIds = new Set<string>();
  private readonly steps = new Map<string, string>();
  /** `${kind}:${pid}` → placeholder. */
  private readonly pidMap = new Map<string, string>();
  private readonly knownPids = new Set<string>();
  /** New PIDs numbered so far, per `${kind}:${step}`. */
  private readonly counters = new Map<string, number>();
  private readonly runId: string | undefined;
  private where = { step: '0', kind: 'pid' as PidKind };

  constructor(seed: NormalizerSeed = {}) {
    this.runId = seed.runId && seed.runId.length >= 6 && seed.runId !== 'none' ? seed.runId : undefined;
    for (const id of seed.containerIds ?? []) if (/^[0-9a-f]{64}$/.test(id)) this.knownIds.add(id);
    for (const [id, step] of seed.containerSteps ?? []) {
      if (!/^[0-9a-f]{64}$/.test(id)) continue;
      this.knownIds.add(id);
      if (PLACEHOLDER_NAME.test(step)) this.steps.set(id, step);
    }
    for (const p of seed.pids ?? []) if (/^\d+$/.test(String(p))) this.knownPids.add(String(Number(p)));
    for (const n of seed.namedPids ?? []) {
      const key = String(Number(n.pid));
      if (key === '0' || key === '1' || !PLACEHOLDER_NAME.test(n.name) || this.pidMap.has(`${n.kind}:${key}`)) continue;
      this.knownPids.add(key);
      this.pidMap.set(`${n.kind}:${key}`, `<pid:${n.name}>`);
    }
  }

  /** The texts that follow belong to this step (a label like "3"), whose PIDs are of this kind. */
  at(step: string, kind: PidKind): void {
    this.where = { step, kind };
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
      const step = this.steps.get(full);
      const named = step !== undefined && ![...this.containers.values()].includes(`<id:${step}>`);
      p = named ? `<id:${step}>` : `<id:${[...this.containers.values()].filter((v) => /^<id:\d+>$/.test(v)).length + 1}>`;
      this.containers.set(full, p);
    }
    return p;
  }

  /** The placeholder for a PID (see the rules above); 0 and 1 (kernel, init) never change and are kept. */
  pid(pid: string | number, kind: PidKind = this.where.kind): string {
    const key = String(Number(pid));
    if (key === '0' || key === '1') return key;
    this.knownPids.add(key);
    // A named PID is found whatever the step's kind when the step's kind is not known.
    const kinds: PidKind[] = kind === 'pid' ? ['pid', 'host', 'inner'] : [kind, 'pid'];
    for (const k of kinds) {
      const known = this.pidMap.get(`${k}:${key}`);
      if (known !== undefined) return known;
    }
    const counter = `${kind}:${this.where.step}`;
    const n = (this.counters.get(counter) ?? 0) + 1;
    this.counters.set(counter, n);
    const p = `<${kind === 'pid' ? 'pid' : `${kind}-pid`}:${this.where.step}.${n}>`;
    this.pidMap.set(`${kind}:${key}`, p);
    return p;
  }

  /** A captured value: a PID list when the capture's name says pid, otherwise plain text. */
  capture(name: string, value: string): string {
    if (/pid/i.test(name) && /^\d+(?:[\s,]+\d+)*$/.test(value.trim())) return value.replace(/\d+/g, (n) => this.pid(n));
    return this.text(value);
  }

  text(input: string): string {
    for (const m of input.matchAll(FULL_ID)) this.knownIds.add(m[0]);
    return this.pids(input);
  }

  /** Run id, container ids, times and durations in a line or a table cell (widths change: tables are cut first). */
  private tokens(input: string): string {
    let s = input;
    if (this.runId) s = s.split(this.runId).join('<run-id>');
    s = s.replace(HEX_RUN, (m) => this.container(m) ?? m);
    s = s.replace(ISO_TIME, '<time>');
    s = s.replace(CLOCK_TIME, '<time>');
    return s.replace(DURATION, '<duration>');
  }

  private pids(s: string): string {
    const lines = s.split('\n');
    const out: string[] = [];
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] ?? '';
      const table = tableHeader(line);
      if (!table) {
        out.push(this.freePids(this.tokens(line)));
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
    const row = rowCells(line, t.starts, t.width);
    if (!t.cols.every((c) => /^\d+$/.test(row[c] ?? ''))) return undefined;
    return row.map((cell, i) => {
      if (t.cols.includes(i)) return this.pid(cell);
      if (t.cpu.includes(i) && /^\d+(?:\.\d+)?$/.test(cell)) return '<cpu>';
      if (t.time.includes(i) && cell !== '' && cell !== '-' && cell !== '?') return '<time>';
      return this.freePids(this.tokens(cell));
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

/** The namespace a step's PIDs are in: host tables and engine top are the host's; exec and the runtime's view, the container's. */
export function pidKindOf(step: Pick<StepResult, 'kind' | 'view'>): PidKind {
  if (step.kind === 'host-processes') return 'host';
  if (step.kind === 'exec') return 'inner';
  if (step.kind === 'top') return step.view === undefined || step.view.startsWith('engine') ? 'host' : 'inner';
  return 'pid';
}

/** A normalizer that knows the run's id, its containers, the PIDs its steps found and the PIDs captured by name. */
export function normalizerFor(result: RunResult): Normalizer {
  const ids = new Set<string>();
  const pids = new Set<string>();
  const containerSteps: [string, string][] = [];
  const namedPids: { pid: string; name: string; kind: PidKind }[] = [];
  for (const s of result.scenarios) {
    for (const c of s.containers) {
      ids.add(c.id);
      containerSteps.push([c.id, c.stepId]);
    }
    for (const st of s.steps) {
      const texts = [st.output, ...st.expectations.flatMap((e) => [e.found, e.expected, e.message]), ...st.commands.map((c) => c.stdout)];
      for (const t of texts) for (const p of pidsIn(t)) pids.add(p);
      for (const [name, value] of Object.entries(st.captures)) {
        if (!/pid/i.test(name)) continue;
        const list = value.match(/\d+/g) ?? [];
        list.forEach((p, i) => namedPids.push({ pid: p, name: list.length === 1 ? name : `${name}.${i + 1}`, kind: pidKindOf(st) }));
      }
    }
  }
  for (const t of strings(result)) for (const m of t.matchAll(FULL_ID)) ids.add(m[0]);
  return new Normalizer({ runId: result.runId, containerIds: ids, pids, containerSteps, namedPids });
}
