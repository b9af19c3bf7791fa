// What every command needs about the engine besides its driver: the engine timeout (detection over
// SSH needs longer), whether isocheck runs as root, and the environment fingerprint reports carry.
import os from 'node:os';
import { UsageError } from '../errors.js';
import { parseDuration } from '../format/duration.js';
import type { EnvironmentFingerprint } from '../model/environment.js';
import type { DetectedEngine, EngineTarget } from '../engine/types.js';
import { displayEndpoint } from '../engine/locality.js';
import { isocheckVersion } from '../paths.js';

export type { DetectedEngine } from '../engine/types.js';

export const DEFAULT_ENGINE_TIMEOUT_MS = 10_000;
const MAX_ENGINE_TIMEOUT_MS = 60 * 60_000;

/** The engine timeout: --engine-timeout, else ISOCHECK_ENGINE_TIMEOUT, else 10 s. */
export function engineTimeoutMs(option: string | undefined, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = env.ISOCHECK_ENGINE_TIMEOUT?.trim();
  const [v, from] = option !== undefined ? [option, '--engine-timeout'] : fromEnv ? [fromEnv, 'ISOCHECK_ENGINE_TIMEOUT'] : [undefined, ''];
  if (v === undefined) return DEFAULT_ENGINE_TIMEOUT_MS;
  const ms = parseDuration(/^[0-9]+(\.[0-9]+)?$/.test(v) ? Number(v) : v);
  if (ms === undefined || ms <= 0 || ms > MAX_ENGINE_TIMEOUT_MS) {
    throw new UsageError('bad-engine-timeout', `${from} takes a duration from 1ms to 60m, like 10s, 500ms or 2m, got ${JSON.stringify(v)}`);
  }
  return ms;
}

export function isRoot(): boolean {
  if (process.platform === 'win32') return true; // elevation is not visible cheaply; Windows checks don't need it
  return process.getuid?.() === 0;
}

/** `target`: the target asked, when detection failed (a detected engine names its own). */
export function fingerprint(engine: DetectedEngine | null, engineError?: string, target?: EngineTarget): EnvironmentFingerprint {
  const t = engine?.target ?? target;
  return {
    isocheckVersion: isocheckVersion(),
    node: process.version,
    host: { os: os.type(), platform: process.platform, release: os.release(), arch: process.arch, hostname: os.hostname() },
    root: isRoot(),
    engine: engine?.facts ?? null,
    ...(t !== undefined ? { target: { name: t.name, kind: t.kind, ...(engine?.locality.endpoint ? { endpoint: displayEndpoint(engine.locality.endpoint) } : {}), ...(engine ? { locality: engine.locality.local ? 'local' as const : 'remote' as const } : {}), ...(t.tags?.length ? { tags: [...t.tags] } : {}) } } : {}),
    ...(engineError !== undefined ? { engineError } : {}),
  };
}
