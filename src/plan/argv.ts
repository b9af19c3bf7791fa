// What isocheck asks the engine for each engine-facing step, in the engine's own words: a run step
// becomes a ContainerSpec (labels, name, isolation flags, options) that the target's driver turns
// into argv. Shared by `plan` (which shows them with placeholders for values only known at run time)
// and the executor, so what `plan` prints is what `run` does. Nothing is ever joined into a shell string.
import type { ContainerSpec, EngineDriver } from '../engine/types.js';
import { LABEL } from '../engine/labels.js';
import type { ExecStep, RunStep } from '../types.js';
import { containerOptions } from './run-options.js';

export { LABEL, LABEL_COLUMNS } from '../engine/labels.js';

export interface ArgvContext {
  driver: EngineDriver;
  runId: string;
  scenarioFile: string;
  scenarioIndex: number;
  runnerPid: number | string;
  /** The runner's start time (Linux), labelled so `clean` can tell a reused PID from the runner. */
  runnerStarted?: string;
  hostname: string;
  /** Interpolate one scenario string (throws StepInputError at run time; placeholders in plan). */
  value(text: string): string;
  /** A run step's container id (`pid: container:<step>`); a placeholder in plan. */
  container(stepId: string): string;
  /** Images the pull phase made present: `run --pull=never` for them (execute/pull.ts). */
  pulled?: ReadonlySet<string>;
}

export class StepInputError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export function containerName(c: Pick<ArgvContext, 'runId' | 'scenarioIndex'>, stepId: string): string {
  return `isocheck-${c.runId}-${c.scenarioIndex}-${stepId}`;
}

/** A value that the engine's CLI would read as an option if it came first. */
function notAnOption(what: string, v: string): string {
  if (v.startsWith('-')) throw new StepInputError('option-like-value', `${what} "${v}" would be read as an option by the engine; refusing to run it`);
  return v;
}

export function containerSpec(step: RunStep, stepId: string, flags: readonly string[], c: ArgvContext): ContainerSpec {
  const image = notAnOption('image', c.value(step.image));
  const options = containerOptions(step, c.container);
  return {
    name: containerName(c, stepId),
    image,
    command: (step.command ?? []).map((a) => c.value(a)),
    labels: {
      [LABEL.run]: c.runId,
      [LABEL.scenario]: c.scenarioFile,
      [LABEL.step]: stepId,
      [LABEL.pid]: String(c.runnerPid),
      [LABEL.host]: c.hostname,
      ...(c.runnerStarted !== undefined ? { [LABEL.started]: c.runnerStarted } : {}),
    },
    isolationFlags: [...flags],
    env: Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, c.value(v)])),
    noPull: c.pulled?.has(image) === true,
    ...(Object.keys(options).length > 0 ? { options: interpolated(options, c) } : {}),
  };
}

/** Option values may hold ${…} (a user name from a capture); arrays element by element. */
function interpolated(o: ContainerSpec['options'] & object, c: ArgvContext): NonNullable<ContainerSpec['options']> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k] = typeof v === 'string' ? c.value(v) : Array.isArray(v) ? v.map((x: string) => c.value(x)) : v;
  return out as NonNullable<ContainerSpec['options']>;
}

/** The argv of a run step on this driver, or the reason it cannot be honoured there. */
export function runArgv(step: RunStep, stepId: string, flags: readonly string[], c: ArgvContext): { ok: true; argv: string[] } | { ok: false; reason: string } {
  return c.driver.runArgv(containerSpec(step, stepId, flags, c));
}

export function execArgv(step: ExecStep, containerId: string, c: ArgvContext): string[] {
  return c.driver.execArgv(containerId, step.command.map((a) => c.value(a)));
}
