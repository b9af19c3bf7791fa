// kind: top: the container's process table as the engine reports it, checked against the
// runtime's own view. Engine `top` is not trusted blindly: under gVisor the runtime reports sandbox
// PIDs and the engine then filters the HOST's ps by them (platform notes), so a Linux table whose
// PIDs are not the container's own host processes is replaced by the runtime's view, and the step
// says which view it used.
import { topArgv } from '../../plan/argv.js';
import { parseDockerTop } from '../../parse/docker-top.js';
import { parseRunscPs } from '../../parse/runsc-ps.js';
import { parseBusyboxPs } from '../../parse/busybox-ps.js';
import { queryLinuxProcesses } from '../../host/linux-proc.js';
import type { ProcessInfo } from '../../model/process.js';
import type { Observation, StepRun } from '../context.js';
import { selectProcesses } from '../select.js';
import { matchSelector } from './match.js';
import { containerOf } from './argv-context.js';
import { firstLine, StepCommandError, type StepHandler } from './types.js';

interface View {
  processes: ProcessInfo[];
  text: string;
  view: string;
}

/** Engine top rows whose PID is, on this host, a process of the container. */
function ownRows(rows: readonly ProcessInfo[], containerId: string, host = queryLinuxProcesses): ProcessInfo[] {
  return rows.filter((p) => host({ pid: p.pid })[0]?.container === containerId);
}

async function runtimeView(run: StepRun, c: { id: string; runtime?: string }): Promise<View | undefined> {
  const o = run.scenario.opts;
  const rt = c.runtime;
  const bin = rt === undefined ? undefined : o.engine.runtimePaths[rt];
  if (rt !== undefined && bin !== undefined && /runsc/.test(`${rt} ${bin}`)) {
    // Docker 20.10+ keeps runsc's state under the runc-shaped root; newer engines by runtime name.
    for (const root of [`/var/run/docker/runtime-runc/moby`, `/var/run/docker/runtime-${rt}/moby`, `/run/docker/runtime-runc/moby`]) {
      const r = await run.exec([bin, '--root', root, 'ps', c.id], 'runtime view');
      if (r.exitCode === 0) return { processes: parseRunscPs(r.stdout), text: r.stdout, view: `runtime (runsc ps)` };
    }
  }
  const r = await run.exec([o.docker, 'exec', c.id, 'ps'], 'runtime view');
  if (r.exitCode === 0) return { processes: parseBusyboxPs(r.stdout), text: r.stdout, view: 'container (docker exec ps)' };
  return undefined;
}

export const topStep: StepHandler<'top'> = {
  repeatable: true,
  async observe(step, run): Promise<Observation> {
    const o = run.scenario.opts;
    const c = containerOf(run, step.container);
    const windows = o.engine.facts.osType === 'windows';
    const mode = step.view ?? 'auto';
    const notes: string[] = [];
    let chosen: View | undefined;
    let stdout = '';
    let stderr = '';
    if (mode !== 'runtime') {
      const r = await run.exec(topArgv(o.docker, c.id));
      if (r.spawnError) throw new StepCommandError('spawn-failed', r.spawnError);
      if (r.exitCode !== 0) throw new StepCommandError('top-failed', `docker top failed: ${firstLine(r.stderr) || `exit code ${r.exitCode}`}`);
      stdout = r.stdout;
      stderr = r.stderr;
      chosen = { processes: parseDockerTop(r.stdout, windows ? 'windows' : 'linux'), text: r.stdout, view: 'engine (docker top)' };
      const local = !windows && o.host.os === 'linux';
      if (mode === 'auto' && local && chosen.processes.length > 0 && ownRows(chosen.processes, c.id, o.hostProcesses).length === 0) {
        const pids = chosen.processes.map((p) => p.pid).join(', ');
        const alt = await runtimeView(run, c);
        if (alt === undefined) {
          notes.push(`engine top listed PIDs ${pids}, which are not this container's processes on the host, and no runtime view was available`);
        } else {
          notes.push(`engine top listed PIDs ${pids}, which are not this container's processes on the host; using the ${alt.view} instead`);
          chosen = alt;
        }
      }
    } else {
      chosen = await runtimeView(run, c);
      if (chosen === undefined) throw new StepCommandError('no-runtime-view', 'no runtime view of the container\'s processes is available (runsc ps or docker exec ps)');
    }
    const sel = matchSelector(step.match, run, windows);
    const processes = selectProcesses(chosen.processes, sel, windows);
    return { stdout, stderr, exitCode: 0, output: chosen.text, processes, view: chosen.view, notes };
  },
};
