// The engine layer's entry: a driver for a target, and the targets a command line names. Nothing
// above this layer picks a driver by engine kind.
import { UsageError } from '../errors.js';
import { createDockerDriver } from './docker/driver.js';
import { createPodmanDriver } from './podman/driver.js';
import type { DetectedEngine, EngineDriver, EngineKind, EngineTarget } from './types.js';
import type { Spawn } from '../model/spawn.js';

export type { DetectedEngine, EngineDriver, EngineKind, EngineTarget } from './types.js';

type DriverFactory = (target: EngineTarget, env: NodeJS.ProcessEnv) => EngineDriver;

/** One factory per kind: a kind without a driver fails to compile. */
const DRIVERS: Record<EngineKind, DriverFactory> = {
  docker: createDockerDriver,
  podman: createPodmanDriver,
};

export const ENGINE_KINDS = Object.keys(DRIVERS) as EngineKind[];

export function isEngineKind(s: string): s is EngineKind {
  return Object.hasOwn(DRIVERS, s);
}

export function createDriver(target: EngineTarget, env: NodeJS.ProcessEnv = process.env): EngineDriver {
  return DRIVERS[target.kind](target, env);
}

/** The target when the command line names none: the docker CLI's own choice (DOCKER_HOST, context). */
export const LOCAL_TARGET: EngineTarget = { name: 'local', kind: 'docker' };

const TARGET_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/** Targets from `--context NAME` (repeatable) and `--engine KIND` (repeatable), in that order. */
export function targetsFromOptions(o: { context?: string[]; engine?: string[] }): EngineTarget[] {
  const out: EngineTarget[] = [];
  for (const c of o.context ?? []) {
    if (!TARGET_NAME.test(c)) throw new UsageError('bad-context', `--context ${JSON.stringify(c)} is not a context name (letters, digits, "_", "." and "-", up to 63)`);
    out.push({ name: c, kind: 'docker', context: c });
  }
  for (const k of o.engine ?? []) {
    if (!isEngineKind(k)) throw new UsageError('bad-engine', `--engine ${JSON.stringify(k)} is not an engine kind (${ENGINE_KINDS.join(', ')})`);
    out.push(k === 'docker' ? LOCAL_TARGET : { name: k, kind: k });
  }
  const seen = new Set<string>();
  for (const t of out) {
    if (seen.has(t.name)) throw new UsageError('duplicate-target', `target "${t.name}" is named twice`);
    seen.add(t.name);
  }
  return out.length > 0 ? out : [LOCAL_TARGET];
}

/** Detect one target's engine (throws EnvironmentError when it cannot be used). */
export function detectTarget(target: EngineTarget, spawn: Spawn, opts: { timeoutMs: number; signal?: AbortSignal; env?: NodeJS.ProcessEnv }): Promise<DetectedEngine> {
  return createDriver(target, opts.env ?? process.env).detect(spawn, opts);
}
