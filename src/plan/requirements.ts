// Why a scenario cannot run here, if it cannot: every report shows the reason. A scenario whose
// requirements are not met is skipped, never failed and never silently passed.
import os from 'node:os';
import type { Scenario } from '../types.js';
import type { DetectedEngine } from './engine.js';
import { isRoot } from './engine.js';
import { missingEngineValues, resolveVars } from './engine-vars.js';
import { isRegistered, mapIsolation } from './isolation.js';
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
  if (out.length > 0) return out; // the rest only makes sense on a matching engine
  const resolved = resolveVars(s, engine, vars);
  out.push(...resolved.unresolved, ...missingEngineValues(s, engine));
  if (out.length > 0) return out;
  const modes = new Set(r.isolation ?? []);
  for (const st of s.steps) if (st.kind === 'run' && st.runtime === undefined) modes.add(st.isolation ?? 'default');
  for (const m of modes) {
    const map = mapIsolation(m, undefined, engine);
    if (!map.ok) out.push(`requires ${m} isolation: ${map.reason}`);
  }
  for (const st of s.steps) {
    if (st.kind === 'run' && st.runtime !== undefined) {
      const map = mapIsolation(st.isolation ?? 'default', st.runtime, engine);
      if (!map.ok) out.push(map.reason);
    }
  }
  if (eos === 'windows') out.push(...windowsRequirementProblems(s, engine, host.os === 'windows' ? host.windows : undefined, resolved.values));
  // The host's process table only tells about containers when the engine runs on this host.
  if (s.steps.some((st) => st.kind === 'host-processes') && engine.daemonHost && engine.daemonHost.toLowerCase() !== host.hostname.toLowerCase()) {
    out.push(`looks at host processes, but the engine runs on another host or VM ("${engine.daemonHost}", this host is "${host.hostname}")`);
  }
  return [...new Set(out)];
}
