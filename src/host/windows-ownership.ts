// Which host processes a Windows container owns. Windows has no per-process record of the owning
// container (no cgroup file), so ownership comes from the container's own `docker top` list:
// - process isolation: the container's processes ARE host processes (a silo on the host kernel),
//   and docker top lists them with their host PIDs: a host process with the same PID and name is
//   the container's.
// - Hyper-V isolation: the container's processes run in a utility VM with its own kernel; docker
//   top lists PIDs of that VM (smss, csrss, svchost … 276–1308 in a real table), which collide with
//   the host's own system processes. The container owns NO host process; only the VM worker (vmwp)
//   runs on the host, and Windows does not say which vmwp is whose.
import type { ContainerRecord } from '../model/container.js';
import type { ProcessInfo } from '../model/process.js';
import { windowsNameEquals } from '../parse/names.js';
import type { DetectedEngine } from '../plan/engine.js';
import { effectiveWindowsIsolation } from '../plan/windows-requirements.js';

/** Whether the container's `docker top` PIDs are host PIDs (false for Hyper-V isolation). */
export function ownsHostProcesses(c: Pick<ContainerRecord, 'isolation'>, engine: DetectedEngine): boolean {
  return effectiveWindowsIsolation(c.isolation, engine) !== 'hyperv';
}

/** Mark the host processes the container owns (c.id in p.container), from its docker top rows. */
export function markWindowsOwned(hostProcesses: ProcessInfo[], topRows: readonly ProcessInfo[], c: Pick<ContainerRecord, 'id' | 'isolation'>, engine: DetectedEngine): void {
  if (!ownsHostProcesses(c, engine)) return;
  for (const p of hostProcesses) if (topRows.some((o) => o.pid === p.pid && windowsNameEquals(o.name, p.name))) p.container = c.id;
}
