// kind: remove: remove a container before the end of the scenario.
import { containerOf } from './argv-context.js';
import { StepCommandError, type StepHandler } from './types.js';

export const removeStep: StepHandler<'remove'> = {
  repeatable: false,
  async observe(step, run) {
    const c = containerOf(run, step.container);
    const r = await run.exec(run.scenario.opts.engine.driver.removeArgv([c.id]), undefined, { abortable: false });
    if (r.spawnError) throw new StepCommandError('spawn-failed', r.spawnError);
    // Still known by its step id (later steps may check nothing of it is left); cleanup skips it.
    const rec = run.scenario.containers.get(step.container);
    if (r.exitCode === 0 && rec) rec.removed = true;
    return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode, output: r.stdout + r.stderr, notes: [] };
  },
};
