// Fleet reports: what a run over several targets renders. The terminal gets the matrix (after the
// run, on standard error); --junit, --json and --markdown get the fleet's versions of the
// single-target reports, registered like those (files/index.ts REPORTS) and written through the
// same machinery: the CLI's checked targets, atomic replacement, write-through for devices and
// FIFOs, `-` for standard output, every report attempted when one fails (ReportWriteError).
import type { FleetResult } from '../../execute/fleet-result.js';
import { reportJobs, writeJobs, type FileReportOptions, type REPORTS } from '../files/index.js';
import { colorEnabled } from '../terminal/style.js';
import { renderFleetJson } from './json.js';
import { renderFleetJUnit } from './junit.js';
import { renderFleetMarkdown } from './markdown.js';
import { renderMatrixText } from './terminal.js';
import { terminalWidth } from './width.js';

export { buildMatrix, CELL, type Cell, type CellKind, type Matrix } from './matrix.js';
export { renderFleetJson } from './json.js';
export { renderFleetJUnit } from './junit.js';
export { renderFleetMarkdown } from './markdown.js';
export { renderMatrixText } from './terminal.js';

/** The fleet renderers, one per report kind of the single-target registry. */
export const FLEET_REPORTS: { [K in keyof typeof REPORTS]: (f: FleetResult, o: { normalize: boolean }) => string } = {
  junit: (f) => renderFleetJUnit(f),
  json: (f) => renderFleetJson(f),
  markdown: (f, o) => renderFleetMarkdown(f, o),
};

/** Writes the requested fleet reports; resolves to their labels (junit, json, markdown order). */
export function writeFleetReports(fleet: FleetResult, o: FileReportOptions): Promise<string[]> {
  return writeJobs(reportJobs(o, FLEET_REPORTS, fleet), o.streams);
}

/** Prints the matrix to `stream`, fitted to its width, coloured only where colour is wanted. */
export function printMatrix(fleet: FleetResult, stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }, env: NodeJS.ProcessEnv): void {
  const lines = renderMatrixText(fleet, { width: terminalWidth(stream, env), color: colorEnabled(stream, env) });
  stream.write(`${lines.join('\n')}\n`);
}
