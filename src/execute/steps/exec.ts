// kind: exec: a command run inside a running container (the engine's exec), argv only.
import { execArgv } from '../../plan/argv.js';
import { argvContext, containerOf } from './argv-context.js';
import { StepCommandError, type StepHandler } from './types.js';

export const execStep: StepHandler<'exec'> = {
  repeatable: true,
  async observe(step, run) {
    const c = containerOf(run, step.container);
    const r = await run.exec(execArgv(step, c.id, argvContext(run)));
    if (r.spawnError) throw new StepCommandError('spawn-failed', r.spawnError);
    if (r.timedOut) throw new StepCommandError('timeout', `${run.scenario.opts.engine.driver.kind} exec did not finish within the step timeout`);
    return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode, output: r.stdout, notes: [] };
  },
};
