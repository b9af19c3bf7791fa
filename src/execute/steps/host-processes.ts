// kind: host-processes: the process table of the host the engine runs on, from the target's host
// probe: this machine's /proc (owner from cgroup) or PowerShell for a local engine, a probe
// container for a remote one. Windows decides ownership from the container's own `top` list (same
// PID and name), since a Windows host process does not name its container.
import { markWindowsOwned, ownsHostProcesses } from '../../host/windows-ownership.js';
import { localProbe } from '../../host/probes.js';
import type { ProcessInfo } from '../../model/process.js';
import type { HostProcessesStep } from '../../types.js';
import type { Observation, StepRun } from '../context.js';
import { shortId } from '../context.js';
import { renderProcessTable, selectProcesses } from '../select.js';
import { matchSelector } from './match.js';
import type { StepHandler } from './types.js';

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
    const r = await run.exec(o.engine.driver.topArgv(c.id), `ownership of ${stepId}`);
    if (r.exitCode !== 0) continue; // a stopped container owns nothing
    markWindowsOwned(ps, o.engine.driver.parseTop(r.stdout, o.engine).processes, c, o.engine);
  }
}

/**
 * What reports list: by default only the selected processes — another user's command line never
 * reaches a report unasked; a step with no match selects the whole table, so only its size is told.
 */
function shownTable(step: HostProcessesStep, ps: readonly ProcessInfo[], name: (id: string) => string): string {
  const hasMatch = step.match !== undefined && Object.values(step.match).some((v) => v !== undefined);
  if (step.show !== 'all' && !hasMatch) return `${ps.length} host ${ps.length === 1 ? 'process' : 'processes'} (not listed: the step has no match; show: all lists them)\n`;
  return renderProcessTable(ps, name);
}

export const hostProcessesStep: StepHandler<'host-processes'> = {
  repeatable: true,
  async observe(step, run): Promise<Observation> {
    const o = run.scenario.opts;
    const windows = o.engine.facts.osType === 'windows';
    const sel = matchSelector(step.match, run, windows);
    const probe = o.probe ?? localProbe(o.host, o.hostProcesses);
    const probeRun = { exec: (argv: string[], purpose: string) => run.exec(argv, purpose), deadline: run.deadline, signal: run.signal };
    const showAll = step.show === 'all';
    let processes: ProcessInfo[];
    let table: ProcessInfo[];
    if (windows) {
      table = await probe.query({ ...sel, container: undefined }, probeRun);
      await windowsOwners(step, run, table);
      processes = selectProcesses(table, sel, true);
    } else {
      // ownedBy judges the container: read it with the table, not on first use (host/linux-proc.ts).
      const eager = (step.expect ?? []).some((e) => 'ownedBy' in e) ? { eager: ['container'] as const } : {};
      if (showAll) {
        table = await probe.query(eager, probeRun);
        processes = selectProcesses(table, sel, false);
      } else {
        processes = table = await probe.query({ ...sel, ...eager }, probeRun);
      }
    }
    const names = new Map([...run.scenario.containers.values()].map((c) => [c.id, `${c.stepId} ${shortId(c.id)}`]));
    const output = shownTable(step, showAll ? table : processes, (id) => names.get(id) ?? shortId(id));
    return { stdout: output, stderr: '', exitCode: 0, output, processes, view: probe.view, notes: [] };
  },
};
