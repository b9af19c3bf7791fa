// The exact argv isocheck runs for each engine-facing step. Shared by `plan` (which shows them with
// placeholders for values only known at run time) and the executor, so what `plan` prints is what
// `run` does. Every value is one argv element; nothing is ever joined into a shell string.
import type { ExecStep, RunStep } from '../types.js';

export const LABEL = {
  run: 'io.isocheck.run',
  scenario: 'io.isocheck.scenario',
  step: 'io.isocheck.step',
  /** PID of the isocheck process that started the container: `clean` spares live runs. */
  pid: 'io.isocheck.pid',
  host: 'io.isocheck.host',
} as const;

export interface ArgvContext {
  docker: string;
  runId: string;
  scenarioFile: string;
  scenarioIndex: number;
  runnerPid: number | string;
  hostname: string;
  /** Interpolate one scenario string (throws StepInputError at run time; placeholders in plan). */
  value(text: string): string;
  /** Images the pull phase made present: `docker run --pull=never` for them (execute/pull.ts). */
  pulled?: ReadonlySet<string>;
}

export class StepInputError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export function containerName(c: ArgvContext, stepId: string): string {
  return `isocheck-${c.runId}-${c.scenarioIndex}-${stepId}`;
}

/** A value that the engine's CLI would read as an option if it came first. */
function notAnOption(what: string, v: string): string {
  if (v.startsWith('-')) throw new StepInputError('option-like-value', `${what} "${v}" would be read as an option by the engine; refusing to run it`);
  return v;
}

export function runArgv(step: RunStep, stepId: string, flags: readonly string[], c: ArgvContext): string[] {
  const image = notAnOption('image', c.value(step.image));
  const env = Object.entries(step.env ?? {}).map(([k, v]) => `--env=${k}=${c.value(v)}`);
  return [
    c.docker, 'run', '--detach',
    `--name=${containerName(c, stepId)}`,
    `--label=${LABEL.run}=${c.runId}`,
    `--label=${LABEL.scenario}=${c.scenarioFile}`,
    `--label=${LABEL.step}=${stepId}`,
    `--label=${LABEL.pid}=${c.runnerPid}`,
    `--label=${LABEL.host}=${c.hostname}`,
    ...flags,
    ...(c.pulled?.has(image) ? ['--pull=never'] : []),
    ...env,
    // The image is the first positional argument: everything after it is the container's argv,
    // which the docker CLI does not parse as its own options.
    image,
    ...(step.command ?? []).map((a) => c.value(a)),
  ];
}

export function topArgv(docker: string, containerId: string): string[] {
  return [docker, 'top', containerId];
}

export function execArgv(step: ExecStep, containerId: string, c: ArgvContext): string[] {
  return [c.docker, 'exec', containerId, ...step.command.map((a) => c.value(a))];
}

export function removeArgv(docker: string, ids: readonly string[]): string[] {
  return [docker, 'rm', '--force', '--volumes', ...ids];
}

/** The isocheck labels, one tab-separated column each (label values may contain commas). */
export const LABEL_COLUMNS = [LABEL.run, LABEL.scenario, LABEL.step, LABEL.pid, LABEL.host] as const;

/**
 * One JSON array per container: [id, names, ...label values]. Label values are anyone's text (a
 * newline or tab in one must not split a row and slip another id into `clean`), so every field is
 * JSON-encoded by the engine's own template function.
 */
export function listByLabelArgv(docker: string, label: string): string[] {
  const cols = LABEL_COLUMNS.map((l) => `{{json (.Label "${l}")}}`).join(',');
  return [docker, 'ps', '--all', '--no-trunc', '--filter', `label=${label}`, '--format', `[{{json .ID}},{{json .Names}},${cols}]`];
}
