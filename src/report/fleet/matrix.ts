// The fleet matrix as data, shared by the terminal and Markdown renderers: rows are targets,
// columns scenarios (by file, in order of first appearance), each cell one outcome, and the
// reasons behind the cells that did not pass — grouped, so a scenario skipped for the same reason
// on ten targets is one line, and an unreachable target is one line, not one per scenario.
// Texts here are raw (as the run produced them): each renderer escapes for its medium.
import type { FleetResult, FleetTargetInfo } from '../../execute/fleet-result.js';
import type { RunResult, ScenarioResult } from '../../execute/results.js';
import { failureLines, ICON, stepLabel, summaryLine } from '../summary.js';

export type CellKind = 'pass' | 'fail' | 'error' | 'skip' | 'env-error' | 'not-run' | 'interrupted';

/** Icon and word of each kind; the words are what a cell shows without colour. */
export const CELL: Record<CellKind, { icon: string; word: string }> = {
  pass: { icon: ICON.passed, word: 'pass' },
  fail: { icon: ICON.failed, word: 'FAIL' },
  error: { icon: '!', word: 'error' },
  skip: { icon: ICON.skipped, word: 'skip' },
  'env-error': { icon: ICON.warning, word: 'env-error' },
  'not-run': { icon: '–', word: 'not run' },
  interrupted: { icon: '◌', word: 'stopped' },
};

export interface Cell {
  kind: CellKind;
  /** Why, for a cell that did not pass (first line); the target's own reason covers env-error. */
  reason?: string;
}

export interface Column {
  file: string;
  name: string;
}

export interface Row {
  target: FleetTargetInfo;
  result: RunResult;
  /** Set when the target could not be used (unreachable, or its engine went away mid-run). */
  engineError?: string;
  /** The target was never reached: every cell is env-error. */
  unreachable: boolean;
  cells: Cell[];
}

export interface Reason {
  icon: string;
  kind: CellKind | 'target';
  /** The columns (1-based) the reason is about; empty for a target's own reason. */
  columns: number[];
  targets: string[];
  text: string;
}

export interface Matrix {
  columns: Column[];
  rows: Row[];
  reasons: Reason[];
}

const firstLine = (s: string): string => s.split('\n')[0] ?? '';

/** A reachable target's engine error is set by the runner when its engine went away mid-run. */
const isUnreachable = (r: RunResult): boolean => r.status === 'environment-error' && r.environment.engine === null;

function failingStep(s: ScenarioResult): string | undefined {
  const step = s.steps.find((st) => st.status === 'failed' || st.status === 'error');
  if (!step) return undefined;
  const why = failureLines(step)[0];
  // The step's id is enough to find it in the transcript; its title when it has none.
  return why === undefined ? undefined : `${step.id ?? stepLabel(step)}: ${firstLine(why)}`;
}

export function cellOf(s: ScenarioResult | undefined, row: Pick<Row, 'unreachable' | 'result'>): Cell {
  if (s === undefined) return { kind: 'not-run', reason: 'not in this target\'s run' };
  const notRun = (s.skipReason ?? '').replace(/^not run:\s*/i, '');
  switch (s.status) {
    case 'passed':
      return { kind: 'pass' };
    case 'skipped':
      return { kind: 'skip', reason: firstLine(s.skipReason ?? 'skipped') };
    case 'failed':
      return { kind: 'fail', reason: failingStep(s) ?? 'failed' };
    case 'interrupted':
      if (s.steps.length === 0) return { kind: 'not-run', reason: firstLine(notRun || 'interrupted before it started') };
      return { kind: 'interrupted', reason: `interrupted${row.result.interruptedBy ? ` by ${row.result.interruptedBy}` : ''}` };
    case 'error':
      if (row.unreachable) return { kind: 'env-error' };
      return { kind: 'error', reason: firstLine(s.error?.message ?? failingStep(s) ?? (notRun || 'error')) };
  }
}

export function buildMatrix(fleet: FleetResult): Matrix {
  const columns: Column[] = [];
  const index = new Map<string, number>();
  for (const t of fleet.targets) {
    for (const s of t.result.scenarios) {
      if (index.has(s.file)) continue;
      index.set(s.file, columns.length);
      columns.push({ file: s.file, name: s.name });
    }
  }
  const rows: Row[] = fleet.targets.map((t) => {
    const byFile = new Map(t.result.scenarios.map((s) => [s.file, s]));
    const head = { target: t.target, result: t.result, unreachable: isUnreachable(t.result) };
    const engineError = t.result.environment.engineError;
    return { ...head, ...(engineError !== undefined ? { engineError } : {}), cells: columns.map((c) => cellOf(byFile.get(c.file), head)) };
  });
  return { columns, rows, reasons: reasonsOf(rows) };
}

/** Target reasons first (in row order), then cell reasons grouped by column, kind and text. */
function reasonsOf(rows: readonly Row[]): Reason[] {
  const out: Reason[] = [];
  for (const r of rows) {
    if (r.engineError === undefined) continue;
    const text = `${r.unreachable ? 'unreachable' : 'the engine went away during the run'}: ${firstLine(r.engineError)}`;
    out.push({ icon: CELL['env-error'].icon, kind: 'target', columns: [], targets: [r.target.name], text });
  }
  // Same column, kind and text: one reason naming every target; then the same kind, text and
  // targets over several columns (a fleet stopped by Ctrl-C): one reason naming every column.
  const byCell = new Map<string, Reason>();
  rows.forEach((r) => r.cells.forEach((c, i) => {
    if (c.reason === undefined) return;
    const key = JSON.stringify([i, c.kind, c.reason]);
    const g = byCell.get(key);
    if (g) g.targets.push(r.target.name);
    else byCell.set(key, { icon: CELL[c.kind].icon, kind: c.kind, columns: [i + 1], targets: [r.target.name], text: c.reason });
  }));
  const merged = new Map<string, Reason>();
  for (const g of byCell.values()) {
    const key = JSON.stringify([g.kind, g.text, g.targets]);
    const m = merged.get(key);
    if (m) m.columns.push(...g.columns);
    else merged.set(key, g);
  }
  return [...out, ...[...merged.values()].sort((a, b) => (a.columns[0] ?? 0) - (b.columns[0] ?? 0))];
}

/** Where a target's engine is, for a matrix row: its endpoint, else its context, else "-". */
export function whereOf(t: FleetTargetInfo): string {
  return t.endpoint ?? (t.context !== undefined ? `context ${t.context}` : '-');
}

/**
 * `N passed, N failed, N skipped (duration) across N targets`, the form CI logs grep for, counting
 * cells; unreachable targets are said, since their cells count as failed without having run.
 */
export function fleetSummaryLine(fleet: FleetResult, m: Matrix, duration?: string): string {
  const n = fleet.targets.length;
  const base = `${summaryLine(fleet, duration)} across ${n} ${n === 1 ? 'target' : 'targets'}`;
  const down = m.rows.filter((r) => r.unreachable);
  if (down.length === 0) return base;
  const cells = down.reduce((k, r) => k + r.cells.length, 0);
  return `${base}; ${down.length} unreachable (${cells} not run, counted as failed)`;
}

/** `a, b and c`; past `max` names, `a, b, c and 7 more`. */
export function nameList(names: readonly string[], max = 4): string {
  if (names.length <= 1) return names[0] ?? '';
  if (names.length > max) return `${names.slice(0, max - 1).join(', ')} and ${names.length - max + 1} more`;
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
}

/** For an interrupted fleet: one line that says so and how many cells did not finish. */
export function fleetInterruptedLine(fleet: FleetResult, m: Matrix): string | undefined {
  if (fleet.status !== 'interrupted') return undefined;
  const n = m.rows.reduce((k, r) => k + r.cells.filter((c) => c.kind === 'interrupted' || c.kind === 'not-run').length, 0);
  return `${ICON.warning} Interrupted${fleet.interruptedBy ? ` by ${fleet.interruptedBy}` : ''}: the fleet run stopped early (${n} of ${m.rows.length * m.columns.length} cells did not finish).`;
}
