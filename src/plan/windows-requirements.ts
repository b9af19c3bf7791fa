// Why a scenario cannot run on this Windows engine, before anything runs: Hyper-V isolation without
// a running hypervisor, and images whose Windows build does not fit the host for the isolation
// asked (windows-compat.ts). Each reason says what to do about it.
import { interpolate } from '../format/interpolate.js';
import type { WindowsHostFeatures } from '../host/windows-features.js';
import type { Scenario } from '../types.js';
import type { DetectedEngine } from './engine.js';
import { windowsBuild } from './engine-vars.js';
import { isClientEdition, NO_HYPERVISOR_REMEDY, windowsImageProblem } from './windows-compat.js';

export type WindowsProbe = WindowsHostFeatures | { unknown: string };

function known(p: WindowsProbe | undefined): WindowsHostFeatures | undefined {
  return p !== undefined && !('unknown' in p) ? p : undefined;
}

/** The isolation a Windows daemon really uses for a mode ("default" is the daemon's default). */
export function effectiveWindowsIsolation(mode: string, engine: DetectedEngine): string {
  return mode === 'default' ? (engine.facts.defaultIsolation ?? 'default').toLowerCase() : mode;
}

export function windowsRequirementProblems(s: Scenario, engine: DetectedEngine, probe: WindowsProbe | undefined, values: Record<string, string>): string[] {
  const out: string[] = [];
  const features = known(probe);
  const hostBuild = Number(windowsBuild(engine.facts) ?? NaN);
  const client = features?.productType !== undefined ? features.productType === 1 : isClientEdition(engine.facts.operatingSystem);
  const modes = new Set<string>((s.requires?.isolation ?? []).map((m) => effectiveWindowsIsolation(m, engine)));
  for (const st of s.steps) if (st.kind === 'run' && st.runtime === undefined) modes.add(effectiveWindowsIsolation(st.isolation ?? 'default', engine));
  if (modes.has('hyperv') && features !== undefined && !features.hypervisorPresent) {
    out.push(`requires hyperv isolation: no hypervisor is running on this host (docker run would fail with 0xc0351000 "No hypervisor is present on this system"); ${NO_HYPERVISOR_REMEDY}`);
  }
  if (!Number.isInteger(hostBuild)) return out;
  s.steps.forEach((st, i) => {
    if (st.kind !== 'run' || st.runtime !== undefined) return;
    const image = interpolate(st.image, (n) => (Object.hasOwn(values, n) ? values[n] : undefined));
    if (image.missing.length > 0) return; // known only at run time; docker run decides
    const why = windowsImageProblem(effectiveWindowsIsolation(st.isolation ?? 'default', engine) as never, image.value, hostBuild, client);
    if (why !== undefined) out.push(`step ${i + 1}${st.id ? ` (${st.id})` : ''}: ${why}`);
  });
  return out;
}

/** One line for `doctor`: what the Windows host can run. */
export function describeWindowsProbe(p: WindowsProbe): string {
  if ('unknown' in p) return `features unknown (${p.unknown}); hyperv and process isolation are assumed usable`;
  const edition = p.productType === undefined ? 'edition unknown' : p.productType === 1 ? 'client edition' : 'server edition';
  return [
    `build ${p.build ?? 'unknown'}, ${edition}`,
    p.hypervisorPresent ? 'hypervisor running (hyperv isolation usable)' : 'no hypervisor running (hyperv isolation unavailable)',
    p.containersService ? 'Containers feature (vmcompute) present' : 'no vmcompute service (Containers feature missing)',
    p.hypervService ? 'Hyper-V role (vmms) present' : 'no vmms service (Hyper-V role missing)',
  ].join('; ');
}
