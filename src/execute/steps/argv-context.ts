import { ownStartTime } from '../../model/process-start.js';
import type { ArgvContext } from '../../plan/argv.js';
import { StepInputError } from '../../plan/argv.js';
import type { StepRun } from '../context.js';

export function argvContext(run: StepRun): ArgvContext {
  const o = run.scenario.opts;
  return {
    driver: o.engine.driver,
    runId: o.runId,
    scenarioFile: run.scenario.file,
    scenarioIndex: run.scenario.index,
    runnerPid: process.pid,
    ...(ownStartTime() !== undefined ? { runnerStarted: ownStartTime() } : {}),
    hostname: o.host.hostname,
    value: (t) => run.value(t),
    container: (stepId) => {
      const c = run.scenario.containers.get(stepId);
      if (c === undefined) throw new StepInputError('no-container', `step "${stepId}" started no container (it did not run or failed)`);
      return c.id;
    },
    ...(o.pulled ? { pulled: o.pulled } : {}),
  };
}

export function containerOf(run: StepRun, stepId: string): { id: string; name: string; runtime?: string; stepId: string } {
  const c = run.scenario.containers.get(stepId);
  if (c === undefined) throw new Error(`no container from step "${stepId}" (the validator should have caught this)`);
  return c;
}
