// kind: command: a command on the host, for pages that show other host commands. argv only; no
// shell is involved unless the scenario names one itself.
import { StepCommandError, type StepHandler } from './types.js';

export const commandStep: StepHandler<'command'> = {
  repeatable: true,
  async observe(step, run) {
    const argv = step.command.map((a) => run.value(a));
    const r = await run.exec(argv);
    if (r.spawnError) throw new StepCommandError('spawn-failed', `cannot start ${JSON.stringify(argv[0])}: ${r.spawnError}`);
    if (r.timedOut) throw new StepCommandError('timeout', `${argv[0]} did not finish within the step timeout`);
    return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode, output: r.stdout, notes: [] };
  },
};
