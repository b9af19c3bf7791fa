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
  /** Start time of that process (Linux /proc stat ticks): a reused PID is not the runner. */
  started: 'io.isocheck.started',
} as const;

/** The isocheck labels, one column each (label values may contain commas). */
export const LABEL_COLUMNS = [LABEL.run, LABEL.scenario, LABEL.step, LABEL.pid, LABEL.host, LABEL.started] as const;

/**
 * One JSON array per container: [id, names, ...label values]. Label values are anyone's text (a
 * newline or tab in one must not split a row and slip another id into `clean`), so every field is
 * JSON-encoded by the engine's own template function. Docker's ps rows have a `.Label "x"` method;
 * Podman's have the `.Labels` map (indexed: a missing label is ""), and print `.Names` as a list.
 */
export function labeledRowFormat(style: 'docker' | 'podman' = 'docker'): string {
  const label = (l: string): string => (style === 'docker' ? `(.Label "${l}")` : `(index .Labels "${l}")`);
  const cols = LABEL_COLUMNS.map((l) => `{{json ${label(l)}}}`).join(',');
  return `[{{json .ID}},{{json .Names}},${cols}]`;
}

/** Rows of labeledRowFormat(); anything else is refused, not guessed. */
export function parseLabeledRows(stdout: string, what: string): LabeledContainer[] {
  return stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [id = '', names = '', ...values] = parseRow(l, what);
      const labels: Record<string, string> = {};
      LABEL_COLUMNS.forEach((k, i) => {
        if (values[i]) labels[k] = values[i];
      });
      // Docker: "a,b" (one string); Podman: ["a", "b"]. The first name is the one isocheck gave.
      const name = typeof names === 'string' ? (names.split(',')[0] ?? '') : (names[0] ?? '');
      return { id, name, labels };
    });
}

function parseRow(line: string, what: string): [string, string | string[], ...string[]] {
  let row: unknown;
  try {
    row = JSON.parse(line);
  } catch {
    row = undefined;
  }
  const str = (v: unknown): v is string => typeof v === 'string';
  if (!Array.isArray(row) || !/^[0-9a-f]{64}$/.test(str(row[0]) ? row[0] : '')) throw new Error(`${what} printed a row isocheck does not understand: ${line.slice(0, 200)}`);
  const [id, names, ...values] = row as unknown[];
  const namesOk = str(names) || (Array.isArray(names) && names.every(str));
  // A label column that is null or not a string means the template was not understood: refuse it.
  if (!namesOk || !values.every(str) || values.length !== LABEL_COLUMNS.length) throw new Error(`${what} printed a row isocheck does not understand: ${line.slice(0, 200)}`);
  return [id as string, names, ...values];
}
