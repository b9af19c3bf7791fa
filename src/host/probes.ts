// Which host probe answers for a target: locality decides, not the client's OS. A local engine's
// host is this machine (/proc on Linux, PowerShell on Windows); a remote Linux engine's host is
// looked at through a probe container on that engine (host/probe-container.ts).
import os from 'node:os';
import type { DetectedEngine, HostProbe, ProbeRun } from '../engine/types.js';
import { ExitCode, IsocheckError } from '../errors.js';
import type { Spawn } from '../model/spawn.js';
import type { ProcessInfo } from '../model/process.js';
import type { HostFacts } from '../plan/requirements.js';
import { queryLinuxProcesses } from './linux-proc.js';
import type { HostQuery } from './query.js';
import type { ScenarioInput } from '../model/scenario-input.js';
import { queryWindowsProcesses } from './windows.js';
import { createContainerProbe } from './probe-container.js';

/** This machine's /proc; `source` is the replay seam for tests (a recorded process table). */
export function linuxProcProbe(source: (q: HostQuery) => ProcessInfo[] = queryLinuxProcesses): HostProbe {
  return {
    view: 'host (/proc)',
    query: (q) => Promise.resolve(source(q)),
    dispose: () => Promise.resolve(),
  };
}

/** This machine's processes through PowerShell (q.container is not known on Windows: see windows.ts). */
export function windowsProbe(): HostProbe {
  return {
    view: 'host (PowerShell Get-Process)',
    async query(q: HostQuery, run: ProbeRun) {
      try {
        const res = await queryWindowsProcesses(q, (req) => run.exec([...req.argv], 'host process table'), { timeoutMs: Math.max(1000, run.deadline - Date.now()), signal: run.signal });
        return res.processes;
      } catch (e) {
        // HostQueryError keeps its own code (unavailable, timeout, aborted, output-unparseable).
        throw e instanceof IsocheckError ? e : new IsocheckError('host-query-failed', (e as Error).message, ExitCode.environment);
      }
    },
    dispose: () => Promise.resolve(),
  };
}

export interface ProbeChoice {
  engine: DetectedEngine;
  host: HostFacts;
  spawn: Spawn;
  runId: string;
  /** Replay seam for the local Linux table. */
  hostProcesses?: (q: HostQuery) => ProcessInfo[];
  /** The probe container's image on a remote engine (default isocheck/busybox:local). */
  probeImage?: string;
  /** This machine's name, for the probe container's labels (`clean` spares live runs by it). */
  hostname?: string;
  /** Builds the host probe for a remote engine (default: a probe container on it). */
  remote?: (engine: DetectedEngine) => HostProbe;
}

/** This machine's process table, as its OS shows it. */
export function localProbe(host: HostFacts, hostProcesses?: (q: HostQuery) => ProcessInfo[]): HostProbe {
  return host.os === 'windows' ? windowsProbe() : linuxProcProbe(hostProcesses);
}

export function hostProbeFor(c: ProbeChoice): HostProbe {
  if (c.engine.locality.local) return localProbe(c.host, c.hostProcesses);
  if (c.remote !== undefined) return c.remote(c.engine);
  if (c.engine.facts.osType === 'windows') {
    // No probe container can look at a Windows host (plan skips host steps there with this reason).
    return {
      view: 'host (unavailable)',
      query: () => Promise.reject(new IsocheckError('no-host-view', `no host view for the remote Windows engine at ${c.engine.locality.endpoint}`, ExitCode.environment)),
      dispose: () => Promise.resolve(),
    };
  }
  return createContainerProbe(c.engine, { spawn: c.spawn, runId: c.runId, hostname: c.hostname ?? os.hostname(), ...(c.probeImage !== undefined ? { image: c.probeImage } : {}) });
}

/** Start the probe early when a scenario that will run looks at the host (a remote target's probe container). */
export function warmProbe(probe: HostProbe, inputs: readonly ScenarioInput[], signal: AbortSignal): void {
  const looks = inputs.some((i) => i.skipReason === undefined && i.scenario.steps.some((s) => s.kind === 'host-processes' || s.kind === 'top'));
  if (looks) probe.warm?.(signal);
}
