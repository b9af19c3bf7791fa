// The fleet matrix in the terminal (standard error), printed once after the run:
//
//   TARGET    KIND    ENDPOINT                      #1         #2
//   local     docker  unix:///var/run/docker.sock   ✔ pass     ↓ skip
//   edge      docker  ssh://edge                    ⚠ env-error ⚠ env-error
//   #1 Sandbox isolation on Linux (runc vs gVisor)  scenarios/linux/sandbox-isolation.yaml
//   ⚠ edge: unreachable: the Docker engine "edge" is not reachable: …
//   ↓ #2 skip on local: requires a Windows host
//   1 passed, 2 failed, 1 skipped (3.2s) across 2 targets; 1 unreachable (2 not run, counted as failed)
//
// Every text is escaped (oneLine) before it is measured, then cut (cells, legend) or wrapped
// (reasons, up to 4 lines each) to fit `width`; the summary line is never cut. When the full
// table is too wide it gives up, in order: endpoint width, the cells' words (icons only), the
// kind and endpoint columns; then the scenario columns are split into blocks that fit.
import type { FleetResult } from '../../execute/fleet-result.js';
import { oneLine } from '../../format/escape.js';
import { createStyle, type Paint, type Style } from '../terminal/style.js';
import { buildMatrix, CELL, fleetInterruptedLine, fleetSummaryLine, nameList, whereOf, type Cell, type Column, type Matrix, type Reason } from './matrix.js';
import { displayWidth, fit, truncate, wrap } from './width.js';

export interface MatrixTextOptions {
  /** Terminal cells per line (see width.ts terminalWidth). */
  width: number;
  color: boolean;
}

interface Layout {
  name: number;
  kind: number;
  /** 0: no endpoint column. */
  end: number;
  words: boolean;
  cell: number;
  /** Scenario columns per block. */
  per: number;
}

const GAP = 2;
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const MAX_NAME = 24;
const MAX_END = 48;
const MIN_END = 12;
const MIN_NAME = 8;

const cellText = (c: Cell, words: boolean): string => (words ? `${CELL[c.kind].icon} ${CELL[c.kind].word}` : CELL[c.kind].icon);

function layout(m: Matrix, width: number): Layout {
  const n = Math.max(1, m.columns.length);
  const head = Math.max(...m.columns.map((_c, i) => `#${i + 1}`.length), 2);
  const cells = m.rows.flatMap((r) => r.cells);
  const wordCell = Math.max(head, ...cells.map((c) => displayWidth(cellText(c, true))));
  const iconCell = Math.max(head, 1);
  const name = Math.min(MAX_NAME, Math.max(6, ...m.rows.map((r) => displayWidth(oneLine(r.target.name)))));
  const kind = Math.min(MAX_NAME, Math.max(4, ...m.rows.map((r) => displayWidth(oneLine(r.target.kind)))));
  const end = Math.min(MAX_END, Math.max(8, ...m.rows.map((r) => displayWidth(oneLine(whereOf(r.target))))));
  const need = (l: Omit<Layout, 'per'>, k: number): number => l.name + (l.kind > 0 ? l.kind + GAP : 0) + (l.end > 0 ? l.end + GAP : 0) + k * (l.cell + GAP);
  // The endpoint column takes what is left, down to MIN_END, never more than its longest text.
  const endIn = (l: Omit<Layout, 'per' | 'end'>): number => Math.min(end, Math.max(MIN_END, width - need({ ...l, end: 0 }, n) - GAP));
  const tries: Omit<Layout, 'per'>[] = [
    { name, kind, end: endIn({ name, kind, words: true, cell: wordCell }), words: true, cell: wordCell },
    { name, kind, end: endIn({ name, kind, words: false, cell: iconCell }), words: false, cell: iconCell },
    { name, kind: 0, end: 0, words: false, cell: iconCell },
  ];
  for (const t of tries) if (need(t, n) <= width) return { ...t, per: n };
  // Too many scenarios for one line: the name column shrinks to a third of the width at most,
  // and the scenario columns come in blocks.
  const narrow = { name: Math.max(MIN_NAME, Math.min(name, Math.floor(width / 3))), kind: 0, end: 0, words: false, cell: iconCell };
  return { ...narrow, per: Math.max(1, Math.floor((width - need(narrow, 0)) / (iconCell + GAP))) };
}

function paintOf(s: Style, c: Cell): Paint {
  switch (c.kind) {
    case 'pass':
      return s.green;
    case 'skip':
    case 'interrupted':
      return s.yellow;
    case 'not-run':
      return s.dim;
    default:
      return s.red;
  }
}

function table(m: Matrix, l: Layout, s: Style): string[] {
  const lines: string[] = [];
  const lead = (a: string, b: string, c: string): string[] => [fit(a, l.name), ...(l.kind > 0 ? [fit(b, l.kind)] : []), ...(l.end > 0 ? [fit(c, l.end)] : [])];
  for (let from = 0; from < m.columns.length || from === 0; from += l.per) {
    const cols = m.columns.slice(from, from + l.per).map((_c, i) => from + i);
    const header = [...lead('TARGET', 'KIND', 'ENDPOINT'), ...cols.map((i) => fit(`#${i + 1}`, l.cell))];
    lines.push(s.bold(header.join(' '.repeat(GAP)).trimEnd()));
    for (const r of m.rows) {
      const cells = cols.map((i) => {
        const c = r.cells[i] as Cell;
        const text = fit(cellText(c, l.words), l.cell);
        const shown = text.trimEnd();
        return paintOf(s, c)(shown) + text.slice(shown.length);
      });
      lines.push([...lead(oneLine(r.target.name), oneLine(r.target.kind), oneLine(whereOf(r.target))), ...cells].join(' '.repeat(GAP)).trimEnd());
    }
    if (m.columns.length === 0) break;
  }
  return lines;
}

function reasonLine(r: Reason): string {
  const who = nameList(r.targets.map(oneLine));
  if (r.kind === 'target') return `${r.icon} ${who}: ${oneLine(r.text)}`;
  return `${r.icon} ${r.columns.map((c) => `#${c}`).join(', ')} ${CELL[r.kind].word} on ${who}: ${oneLine(r.text)}`;
}

/** `#1 NAME  FILE`; the file is left out when the line would not fit, then the name is cut. */
function legend(i: number, c: Column, width: number): string {
  const full = `#${i + 1} ${oneLine(c.name)}  ${oneLine(c.file)}`;
  return displayWidth(full) <= width ? full : truncate(`#${i + 1} ${oneLine(c.name)}`, width);
}

/** The matrix, the scenario legend, the reasons and the summary line, each line fitted to `width`. */
export function renderMatrixText(fleet: FleetResult, o: MatrixTextOptions): string[] {
  const s = createStyle(o.color);
  const m = buildMatrix(fleet);
  const l = layout(m, o.width);
  const cut = (line: string): string => truncate(line, o.width);
  const intr = fleetInterruptedLine(fleet, m);
  return [
    s.bold(cut(`isocheck fleet: ${plural(m.rows.length, 'target')} × ${plural(m.columns.length, 'scenario')}`)),
    ...table(m, l, s),
    ...m.columns.map((c, i) => s.dim(legend(i, c, o.width))),
    ...[...(intr !== undefined ? [oneLine(intr)] : []), ...m.reasons.map(reasonLine)].flatMap((r) => wrap(r, o.width)),
    // Never cut: CI logs grep for it.
    fleetSummaryLine(fleet, m),
  ];
}
