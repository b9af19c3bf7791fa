// The isocheck labels every container carries, and the list-by-label row format Docker and Podman
// share: every container isocheck started can be found again by label, even when the run did not
// learn its id (an interrupted `run`) or died (`isocheck clean`).
import type { LabeledContainer } from './types.js';

export const LABEL = {
  run: 'io.isocheck.run',
  scenario: 'io.isocheck.scenario',
  step: 'io.isocheck.step',
  /** PID of the isocheck process that started the container: `clean` spares live runs. */
  pid: 'io.isocheck.pid',
  host: 'io.isocheck.host',
} as const;

/** The isocheck labels, one column each (label values may contain commas). */
export const LABEL_COLUMNS = [LABEL.run, LABEL.scenario, LABEL.step, LABEL.pid, LABEL.host] as const;

/**
 * One JSON array per container: [id, names, ...label values]. Label values are anyone's text (a
 * newline or tab in one must not split a row and slip another id into `clean`), so every field is
 * JSON-encoded by the engine's own template function (Go templates: Docker and Podman alike).
 */
export function labeledRowFormat(): string {
  const cols = LABEL_COLUMNS.map((l) => `{{json (.Label "${l}")}}`).join(',');
  return `[{{json .ID}},{{json .Names}},${cols}]`;
}

/** Rows of labeledRowFormat(); anything else is refused, not guessed. */
export function parseLabeledRows(stdout: string, what: string): LabeledContainer[] {
  return stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [id = '', name = '', ...values] = parseRow(l, what);
      const labels: Record<string, string> = {};
      LABEL_COLUMNS.forEach((k, i) => {
        if (values[i]) labels[k] = values[i];
      });
      return { id, name, labels };
    });
}

function parseRow(line: string, what: string): string[] {
  let row: unknown;
  try {
    row = JSON.parse(line);
  } catch {
    row = undefined;
  }
  if (!Array.isArray(row) || !row.every((v): v is string => typeof v === 'string') || !/^[0-9a-f]{64}$/.test(row[0] ?? '')) {
    throw new Error(`${what} printed a row isocheck does not understand: ${line.slice(0, 200)}`);
  }
  return row;
}
