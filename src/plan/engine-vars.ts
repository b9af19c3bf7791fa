// Engine facts as built-in, read-only values (${engine.os}, ${engine.windowsBuild}, …) and mapped
// vars ({from, map}) resolved from them. `plan` and `run` both resolve through here, so a scenario
// can pick what fits the engine (e.g. the Windows base image tag for the host's build) with the
// language itself, not with a special case in the executor.
import { findReferences, interpolate } from '../format/interpolate.js';
import type { EngineFacts } from '../engine/types.js';
import type { Scenario } from '../types.js';
import type { DetectedEngine } from './engine.js';

/** The engine facts a scenario can read, as ${engine.<name>}. */
export const ENGINE_FACTS = ['os', 'version', 'kernelVersion', 'windowsBuild', 'operatingSystem', 'defaultIsolation', 'defaultRuntime'] as const;
export type EngineFactName = (typeof ENGINE_FACTS)[number];

const PREFIX = 'engine.';

/** Whether a ${…} name is a built-in engine value ("engine.windowsBuild"). */
export function isEngineValueName(name: string): boolean {
  return name.startsWith(PREFIX) && (ENGINE_FACTS as readonly string[]).includes(name.slice(PREFIX.length));
}

/**
 * The Windows build number of the engine's host: docker info's KernelVersion on a Windows daemon is
 * "10.0 17763 (17763.1.amd64fre.rs5_release.180914-1434)" → "17763"; OperatingSystem "... (OS Build
 * 20348.707)" is the fallback. Undefined on other engines.
 */
export function windowsBuild(facts: Pick<EngineFacts, 'osType' | 'kernelVersion' | 'operatingSystem'>): string | undefined {
  if (facts.osType !== 'windows') return undefined;
  const k = /^\s*\d+\.\d+ (\d{4,6})\b/.exec(facts.kernelVersion ?? '');
  if (k?.[1]) return k[1];
  return /\bOS Build (\d{4,6})\b/.exec(facts.operatingSystem ?? '')?.[1];
}

/** The engine values known for this engine, keyed "engine.<fact>" (absent facts are left out). */
export function engineValues(facts: EngineFacts): Record<string, string> {
  const v: Partial<Record<EngineFactName, string | undefined>> = {
    os: facts.osType,
    version: facts.version,
    kernelVersion: facts.kernelVersion,
    windowsBuild: windowsBuild(facts),
    operatingSystem: facts.operatingSystem,
    defaultIsolation: facts.defaultIsolation,
    defaultRuntime: facts.defaultRuntime,
  };
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) if (x !== undefined && x !== '') out[`${PREFIX}${k}`] = x;
  return out;
}

export interface ResolvedVars {
  /** Every value known before the first step: engine values, vars (mapped ones resolved), --var. */
  values: Record<string, string>;
  /** Why a mapped var has no value here (the scenario is skipped with these). */
  unresolved: string[];
}

/**
 * Resolve a scenario's vars against the engine. `engine` null (plan without an engine): engine
 * values and mapped vars become placeholders. An override (--var) wins over a mapped var, so a
 * user can always name the value by hand.
 */
export function resolveVars(s: Scenario, engine: DetectedEngine | null, overrides: Record<string, string>): ResolvedVars {
  const known = engine ? engineValues(engine.facts) : {};
  const values: Record<string, string> = { ...known };
  const unresolved: string[] = [];
  for (const [name, v] of Object.entries(s.vars ?? {})) {
    if (Object.hasOwn(overrides, name)) continue;
    if (typeof v === 'string') {
      values[name] = v;
      continue;
    }
    if (engine === null) {
      values[name] = `<${name}: from ${v.from}>`;
      continue;
    }
    const key = interpolate(v.from, (n) => (Object.hasOwn(known, n) ? known[n] : undefined));
    if (key.missing.length > 0) {
      unresolved.push(`vars.${name}: this engine has no ${key.missing.map((m) => `\${${m}}`).join(', ')} (${engine.facts.osType} engine)`);
      continue;
    }
    if (Object.hasOwn(v.map, key.value)) values[name] = v.map[key.value] as string;
    else unresolved.push(`vars.${name}: no value for ${v.from} = "${key.value}" (known: ${Object.keys(v.map).join(', ')}); set one with --var ${name}=…`);
  }
  return { values: { ...values, ...overrides }, unresolved };
}

/** Engine values a scenario's steps use that this engine does not have (the step would fail). */
export function missingEngineValues(s: Scenario, engine: DetectedEngine): string[] {
  const known = engineValues(engine.facts);
  const used = new Set<string>();
  const walk = (x: unknown): void => {
    if (typeof x === 'string') {
      for (const r of findReferences(x)) if (isEngineValueName(r.name)) used.add(r.name);
    } else if (Array.isArray(x)) x.forEach(walk);
    else if (x !== null && typeof x === 'object') Object.values(x).forEach(walk);
  };
  walk(s.steps);
  return [...used].filter((n) => !Object.hasOwn(known, n)).map((n) => `uses \${${n}}, which this ${engine.facts.osType} engine does not have`);
}
