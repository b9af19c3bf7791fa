// Why a scenario cannot run here, if it cannot: every report shows the reason. A scenario whose
// requirements are not met is skipped, never failed and never silently passed.
import os from 'node:os';
import type { Scenario } from '../types.js';
import type { DetectedEngine } from './engine.js';
import { isRoot } from './engine.js';
import { missingEngineValues, resolveVars } from './engine-vars.js';
import { isRegistered } from '../engine/isolation.js';
import { displayEndpoint } from '../engine/locality.js';
import { containerSpec, type ArgvContext } from './argv.js';
import { windowsRequirementProblems, type WindowsProbe } from './windows-requirements.js';

export interface HostFacts {
  os: 'linux' | 'windows' | string;
  hostname: string;
  root: boolean;
  /** Windows hosts: what the host can run (host/windows-features.ts), or why that is unknown. */
  windows?: WindowsProbe;
}

export function hostFacts(): HostFacts {
  const p = process.platform;
  return { os: p === 'win32' ? 'windows' : p, hostname: os.hostname(), root: isRoot() };
}

const NAME = { linux: 'Linux', windows: 'Windows' } as Record<string, string>;

/** The reasons a scenario cannot run on this host and engine (empty: it can). `vars`: --var overrides. */
export function unmetRequirements(s: Scenario, host: HostFacts, engine: DetectedEngine | null, vars: Record<string, string> = {}): string[] {
  const out: string[] = [];
  const r = s.requires ?? {};
  if (r.host !== undefined && r.host !== host.os) out.push(`requires a ${NAME[r.host] ?? r.host} host (this host is ${NAME[host.os] ?? host.os})`);
  if (r.root === true && !host.root) out.push('requires root (it reads other users\' processes and the runtime\'s state)');
  if (engine === null) return out;
  const eos = engine.facts.osType;
  if (r.engine !== undefined && r.engine !== eos) out.push(`requires a ${NAME[r.engine] ?? r.engine} engine (this engine is ${NAME[eos] ?? eos})`);
  for (const rt of r.runtimes ?? []) {
    if (!isRegistered(engine, rt)) out.push(`requires runtime "${rt}", which is not registered with the engine (registered: ${engine.facts.runtimes.join(', ')})`);
  }
  if (r.localEngine === true) {
    const why = engineElsewhere(engine, host);
    if (why !== undefined) out.push(`requires an engine on this machine (its command steps look at this machine), but ${why}`);
  }
  if (out.length > 0) return out; // the rest only makes sense on a matching engine
  const resolved = resolveVars(s, engine, vars);
  out.push(...resolved.unresolved, ...missingEngineValues(s, engine));
  if (out.length > 0) return out;
  const modes = new Set(r.isolation ?? []);
  for (const st of s.steps) if (st.kind === 'run' && st.runtime === undefined) modes.add(st.isolation ?? 'default');
  for (const m of modes) {
    const map = engine.driver.mapIsolation(m, undefined, engine);
    if (!map.ok) out.push(`requires ${m} isolation: ${map.reason}`);
  }
  for (const st of s.steps) {
    if (st.kind === 'run' && st.runtime !== undefined) {
      const map = engine.driver.mapIsolation(st.isolation ?? 'default', st.runtime, engine);
      if (!map.ok) out.push(map.reason);
    }
  }
  if (eos === 'windows') out.push(...windowsRequirementProblems(s, engine, host.os === 'windows' ? host.windows : undefined, resolved.values));
  out.push(...unsupportedOptions(s, engine));
  if (s.steps.some((st) => st.kind === 'host-processes')) {
    const why = noHostView(engine, host);
    if (why !== undefined) out.push(`looks at host processes, but ${why}`);
  }
  return [...new Set(out)];
}

/**
 * Why the engine's host cannot be looked at, if it cannot. A local engine is looked at here (this
 * machine's /proc or PowerShell), unless its daemon says it runs elsewhere (Docker Desktop's VM); a
 * remote Linux engine through a probe container on it; a remote Windows engine not at all.
 */
/** Why the engine's containers do not run on this machine, if they do not. */
function engineElsewhere(engine: DetectedEngine, host: HostFacts): string | undefined {
  if (!engine.locality.local) return `the engine is remote (${displayEndpoint(engine.locality.endpoint)})`;
  if (engine.daemonHost && engine.daemonHost.toLowerCase() !== host.hostname.toLowerCase()) return `the engine runs on another host or VM ("${engine.daemonHost}", this host is "${host.hostname}")`;
  return undefined;
}

export function noHostView(engine: DetectedEngine, host: HostFacts): string | undefined {
  // Rootless Podman's containers live in the user's namespaces: their host PIDs and cgroups are
  // not what a host-wide look shows (and the runtime's state is the user's, not root's).
  if (engine.facts.rootless === true) return 'the engine is rootless Podman: the host view needs rootful Podman (run as root)';
  if (!engine.locality.local) {
    return engine.facts.osType === 'windows' ? `the engine is remote (${engine.locality.endpoint}) and a Windows engine's host cannot be probed through a container` : undefined;
  }
  return engineElsewhere(engine, host);
}

/** Run options this engine's driver cannot honour: the scenario is skipped with the driver's reason. */
function unsupportedOptions(s: Scenario, engine: DetectedEngine): string[] {
  const c: ArgvContext = {
    driver: engine.driver, runId: 'plan', scenarioFile: '', scenarioIndex: 0, runnerPid: 0, hostname: '',
    value: (t) => t, container: (id) => `<container id: ${id}>`,
  };
  const out: string[] = [];
  for (const st of s.steps) {
    if (st.kind !== 'run') continue;
    let r;
    try {
      r = engine.driver.runArgv({ ...containerSpec(st, st.id ?? 'run', [], c), image: 'image' });
    } catch {
      continue; // a value problem is the run step's own error at run time
    }
    if (!r.ok) out.push(`step "${st.id ?? 'run'}": ${r.reason}`);
  }
  return out;
}
