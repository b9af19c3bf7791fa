// kind: run: start a container detached, in an isolation mode mapped onto this engine.
import { runArgv, StepInputError } from '../../plan/argv.js';
import { explainWindowsRunError } from '../../plan/windows-compat.js';
import type { ContainerRecord } from '../results.js';
import { argvContext } from './argv-context.js';
import { firstLine, StepCommandError, type StepHandler } from './types.js';
import type { StepRun } from '../context.js';

const CONTAINER_ID = /^[0-9a-f]{64}$/;

/** The host PID of the container's main process, as the engine reports it (`${id.pid}`). */
async function mainPid(run: StepRun, id: string): Promise<string | undefined> {
  const r = await run.exec(run.scenario.opts.engine.driver.inspectPidArgv(id), 'container pid');
  const pid = r.stdout.trim();
  return r.exitCode === 0 && /^[1-9][0-9]{0,9}$/.test(pid) ? pid : undefined;
}

export const runStep: StepHandler<'run'> = {
  repeatable: false,
  async observe(step, run) {
    const ctx = run.scenario;
    const isolation = step.isolation ?? 'default';
    const engine = ctx.opts.engine;
    const mapping = engine.driver.mapIsolation(isolation, step.runtime, engine);
    if (!mapping.ok) throw new StepInputError('isolation-unavailable', mapping.reason);
    const argc = argvContext(run);
    const planned = runArgv(step, run.stepId, mapping.flags, argc);
    // Planning skips a scenario whose options this engine cannot honour; this is the belt to that brace.
    if (!planned.ok) throw new StepInputError('option-unsupported', planned.reason);
    const argv = planned.argv;
    // Not aborted on interrupt: killing `docker run` midway can leave a container the daemon still
    // creates; letting it finish (bounded by the step timeout) means cleanup knows what to remove.
    const r = await run.exec(argv, undefined, { abortable: false });
    const id = r.stdout.trim().split('\n').pop()?.trim() ?? '';
    const notes: string[] = [`isolation ${isolation}: ${mapping.describe}`];
    let container: ContainerRecord | undefined;
    if (r.exitCode === 0) {
      if (!CONTAINER_ID.test(id)) throw new StepCommandError('unexpected-output', `${engine.driver.kind} run printed no container id: ${JSON.stringify(r.stdout.slice(0, 200))}`);
      const name = argv.find((a) => a.startsWith('--name='))?.slice('--name='.length) ?? '';
      container = { stepId: run.stepId, id, name, isolation, flags: mapping.flags, ...(mapping.runtime ? { runtime: mapping.runtime } : {}) };
      ctx.containers.set(run.stepId, container);
      ctx.values.set(`${run.stepId}.id`, id);
      ctx.values.set(`${run.stepId}.name`, name);
      // Asked only when the scenario uses it: one more engine command per container otherwise.
      if (JSON.stringify(ctx.scenario.steps).includes(`\${${run.stepId}.pid}`)) {
        const pid = await mainPid(run, id);
        if (pid !== undefined) ctx.values.set(`${run.stepId}.pid`, pid);
        else notes.push(`the engine did not tell the container's main PID: \${${run.stepId}.pid} is not set`);
      }
    } else if (r.timedOut) {
      throw new StepCommandError('timeout', `${engine.driver.kind} run did not finish within the step timeout`);
    } else if (r.spawnError) {
      throw new StepCommandError('spawn-failed', r.spawnError);
    } else {
      const known = explainWindowsRunError(r.stderr); // 0xc0351000, 0xc0370101: the cause and the remedy
      if (known && !step.expect?.some((e) => 'exitCode' in e)) throw new StepCommandError(known.code, known.message);
      notes.push(`${engine.driver.kind} run failed: ${firstLine(r.stderr)}`);
    }
    return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode, output: r.stdout + r.stderr, notes, ...(container ? { container } : {}) };
  },
};
