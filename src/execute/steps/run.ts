// kind: run: start a container detached, in an isolation mode mapped onto this engine.
import { runArgv, StepInputError } from '../../plan/argv.js';
import { mapIsolation } from '../../plan/isolation.js';
import { explainWindowsRunError } from '../../plan/windows-compat.js';
import type { ContainerRecord } from '../results.js';
import { argvContext } from './argv-context.js';
import { firstLine, StepCommandError, type StepHandler } from './types.js';

const CONTAINER_ID = /^[0-9a-f]{64}$/;

export const runStep: StepHandler<'run'> = {
  repeatable: false,
  async observe(step, run) {
    const ctx = run.scenario;
    const isolation = step.isolation ?? 'default';
    const mapping = mapIsolation(isolation, step.runtime, ctx.opts.engine);
    if (!mapping.ok) throw new StepInputError('isolation-unavailable', mapping.reason);
    const argc = argvContext(run);
    const argv = runArgv(step, run.stepId, mapping.flags, argc);
    // Not aborted on interrupt: killing `docker run` midway can leave a container the daemon still
    // creates; letting it finish (bounded by the step timeout) means cleanup knows what to remove.
    const r = await run.exec(argv, undefined, { abortable: false });
    const id = r.stdout.trim().split('\n').pop()?.trim() ?? '';
    const notes: string[] = [`isolation ${isolation}: ${mapping.describe}`];
    let container: ContainerRecord | undefined;
    if (r.exitCode === 0) {
      if (!CONTAINER_ID.test(id)) throw new StepCommandError('unexpected-output', `docker run printed no container id: ${JSON.stringify(r.stdout.slice(0, 200))}`);
      const name = argv.find((a) => a.startsWith('--name='))?.slice('--name='.length) ?? '';
      container = { stepId: run.stepId, id, name, isolation, flags: mapping.flags, ...(mapping.runtime ? { runtime: mapping.runtime } : {}) };
      ctx.containers.set(run.stepId, container);
      ctx.values.set(`${run.stepId}.id`, id);
      ctx.values.set(`${run.stepId}.name`, name);
    } else if (r.timedOut) {
      throw new StepCommandError('timeout', 'docker run did not finish within the step timeout');
    } else if (r.spawnError) {
      throw new StepCommandError('spawn-failed', r.spawnError);
    } else {
      const known = explainWindowsRunError(r.stderr); // 0xc0351000, 0xc0370101: the cause and the remedy
      if (known && !step.expect?.some((e) => 'exitCode' in e)) throw new StepCommandError(known.code, known.message);
      notes.push(`docker run failed: ${firstLine(r.stderr)}`);
    }
    return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode, output: r.stdout + r.stderr, notes, ...(container ? { container } : {}) };
  },
};
