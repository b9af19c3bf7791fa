// kind: host-processes: the host's process table. Linux reads /proc directly (owner from cgroup);
// Windows asks PowerShell for JSON, and decides ownership from the container's own `docker top`
// list (same PID and name), since a Windows host process does not name its container.
import { IsocheckError } from '../../errors.js';
import { queryLinuxProcesses } from '../../host/linux-proc.js';
import { queryWindowsProcesses } from '../../host/windows.js';
import { markWindowsOwned, ownsHostProcesses } from '../../host/windows-ownership.js';
import { parseDockerTop } from '../../parse/docker-top.js';
import { topArgv } from '../../plan/argv.js';
import type { ProcessInfo } from '../../model/process.js';
import type { HostProcessesStep } from '../../types.js';
import type { Observation, StepRun } from '../context.js';
import { shortId } from '../context.js';
import { renderProcessTable, selectProcesses } from '../select.js';
import { matchSelector } from './match.js';
import { StepCommandError, type StepHandler } from './types.js';

/** Container steps whose ownership this step needs to know (match.container, ownedBy). */
function ownersNeeded(step: HostProcessesStep): string[] {
  const ids = new Set<string>();
  if (step.match?.container !== undefined) ids.add(step.match.container);
  for (const e of step.expect ?? []) if ('ownedBy' in e) ids.add(e.ownedBy);
  return [...ids];
}

async function windowsOwners(step: HostProcessesStep, run: StepRun, ps: ProcessInfo[]): Promise<void> {
  const o = run.scenario.opts;
  for (const stepId of ownersNeeded(step)) {
    const c = run.scenario.containers.get(stepId);
    if (c === undefined || !ownsHostProcesses(c, o.engine)) continue; // Hyper-V: owns no host process
    const r = await run.exec(topArgv(o.docker, c.id), `ownership of ${stepId}`);
    if (r.exitCode !== 0) continue; // a stopped container owns nothing
    markWindowsOwned(ps, parseDockerTop(r.stdout, 'windows'), c, o.engine);
  }
}

export const hostProcessesStep: StepHandler<'host-processes'> = {
  repeatable: true,
  async observe(step, run): Promise<Observation> {
    const o = run.scenario.opts;
    const windows = o.host.os === 'windows';
    const sel = matchSelector(step.match, run, windows);
    let processes: ProcessInfo[];
    let view: string;
    if (windows) {
      const q = { ...sel, container: undefined };
      let res;
      try {
        res = await queryWindowsProcesses(q, (req) => run.exec([...req.argv], 'host process table'), { timeoutMs: Math.max(1000, run.deadline - Date.now()), signal: run.signal });
      } catch (e) {
        // HostQueryError keeps its own code (unavailable, timeout, aborted, output-unparseable).
        throw e instanceof IsocheckError ? e : new StepCommandError('host-query-failed', (e as Error).message);
      }
      await windowsOwners(step, run, res.processes);
      processes = selectProcesses(res.processes, sel, true);
      view = 'host (PowerShell Get-Process)';
    } else {
      processes = (o.hostProcesses ?? queryLinuxProcesses)(sel);
      view = 'host (/proc)';
    }
    const names = new Map([...run.scenario.containers.values()].map((c) => [c.id, `${c.stepId} ${shortId(c.id)}`]));
    const output = renderProcessTable(processes, (id) => names.get(id) ?? shortId(id));
    return { stdout: output, stderr: '', exitCode: 0, output, processes, view, notes: [] };
  },
};
