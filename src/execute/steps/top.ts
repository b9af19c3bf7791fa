// kind: top: the container's process table as the engine reports it, checked against the
// runtime's own view. Engine `top` is not trusted blindly: under gVisor the runtime reports sandbox
// PIDs and the engine then filters the HOST's ps by them (platform notes), so a Linux table whose
// PIDs are not the container's own host processes is replaced by the runtime's view, and the step
// says which view it used.
import { parseRunscPs } from '../../parse/runsc-ps.js';
import { parseBusyboxPs } from '../../parse/busybox-ps.js';
import { localProbe } from '../../host/probes.js';
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

/** Engine top rows whose PID is, on the engine's host, a process of the container. */
async function ownRows(rows: readonly ProcessInfo[], containerId: string, run: StepRun): Promise<ProcessInfo[]> {
  const o = run.scenario.opts;
  const probe = o.probe ?? localProbe(o.host, o.hostProcesses);
  const probeRun = { exec: (argv: string[], purpose: string) => run.exec(argv, purpose), deadline: run.deadline, signal: run.signal };
  if (o.engine.locality.local) {
    // One cheap /proc look per row.
    const out: ProcessInfo[] = [];
    for (const p of rows) if ((await probe.query({ pid: p.pid }, probeRun))[0]?.container === containerId) out.push(p);
    return out;
  }
  // Remote: one query through the probe container, not one per row.
  const own = new Set((await probe.query({ container: containerId }, probeRun)).map((p) => p.pid));
  return rows.filter((p) => own.has(p.pid));
}

/** Why the engine's (Linux) table is not the container's own processes, or undefined when it is. */
async function notTheContainers(top: { processes: ProcessInfo[]; hostPids: boolean }, containerId: string, run: StepRun): Promise<string | undefined> {
  if (top.hostPids) {
    // The engine mapped each row to its host process itself (Podman's hpid): nothing to check. A
    // running container without a single host process runs inside a sandbox (gVisor under Podman
    // lists nothing): only the runtime can say what runs there.
    return top.processes.length === 0 ? 'engine top listed no host process of the container (its processes run inside a sandbox)' : undefined;
  }
  // The PIDs are checked on the engine's host (locally, or through the probe container).
  const o = run.scenario.opts;
  if (o.host.os !== 'linux' && o.engine.locality.local) return undefined;
  if (top.processes.length === 0 || (await ownRows(top.processes, containerId, run)).length > 0) return undefined;
  return `engine top listed PIDs ${top.processes.map((p) => p.pid).join(', ')}, which are not this container's processes on the host`;
}

async function runtimeView(run: StepRun, c: { id: string; runtime?: string }): Promise<View | undefined> {
  const e = run.scenario.opts.engine;
  for (const argv of e.driver.runtimeViewArgvs(c, e)) {
    const r = await run.exec(argv, 'runtime view');
    if (r.exitCode === 0) return { processes: parseRunscPs(r.stdout), text: r.stdout, view: `runtime (runsc ps)` };
  }
  const r = await run.exec(e.driver.execArgv(c.id, ['ps']), 'runtime view');
  if (r.exitCode === 0) return { processes: parseBusyboxPs(r.stdout), text: r.stdout, view: `container (${e.driver.kind} exec ps)` };
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
      const d = o.engine.driver;
      const r = await run.exec(d.topArgv(c.id));
      if (r.spawnError) throw new StepCommandError('spawn-failed', r.spawnError);
      if (r.exitCode !== 0) throw new StepCommandError('top-failed', `${d.kind} top failed: ${firstLine(r.stderr) || `exit code ${r.exitCode}`}`);
      stdout = r.stdout;
      stderr = r.stderr;
      const top = d.parseTop(r.stdout, o.engine);
      chosen = { processes: top.processes, text: r.stdout, view: `engine (${d.kind} top)` };
      const why = mode === 'auto' && !windows ? await notTheContainers(top, c.id, run) : undefined;
      if (why !== undefined) {
        const alt = await runtimeView(run, c);
        notes.push(alt === undefined ? `${why}, and no runtime view was available` : `${why}; using the ${alt.view} instead`);
        if (alt !== undefined) chosen = alt;
      }
    } else {
      chosen = await runtimeView(run, c);
      if (chosen === undefined) throw new StepCommandError('no-runtime-view', `no runtime view of the container's processes is available (runsc ps or ${o.engine.driver.kind} exec ps)`);
    }
    const sel = matchSelector(step.match, run, windows);
    const processes = selectProcesses(chosen.processes, sel, windows);
    return { stdout, stderr, exitCode: 0, output: chosen.text, processes, view: chosen.view, notes };
  },
};
