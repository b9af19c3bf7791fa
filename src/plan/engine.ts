// Detect the engine once per run: `docker info` as JSON gives OS type, runtimes, default isolation.
// An unusable environment is one clear EnvironmentError (exit 3): a refused connection at once, an
// engine that does not answer within the engine timeout (10 s by default: on Windows `docker info`
// also runs every CLI plugin, and an engine over SSH needs a connection first).
import os from 'node:os';
import { EnvironmentError, UsageError } from '../errors.js';
import { parseDuration } from '../format/duration.js';
import type { Spawn } from '../execute/spawn.js';
import { commandNotFound } from '../execute/command-not-found.js';
import type { EngineFacts, EnvironmentFingerprint } from '../execute/results.js';
import { isocheckVersion } from '../paths.js';

/** The docker CLI to use: ISOCHECK_DOCKER, else `docker` from PATH. */
export function dockerBinary(env: NodeJS.ProcessEnv = process.env): string {
  return env.ISOCHECK_DOCKER?.trim() || 'docker';
}

interface DockerInfo {
  ServerVersion?: string;
  OSType?: string;
  OperatingSystem?: string;
  KernelVersion?: string;
  Runtimes?: Record<string, { path?: string; runtimeArgs?: string[] }>;
  DefaultRuntime?: string;
  Isolation?: string;
  CgroupVersion?: string;
  CgroupDriver?: string;
  Name?: string;
  ServerErrors?: string[];
}

export interface DetectedEngine {
  facts: EngineFacts;
  /** Runtime name → binary path, as registered with the engine. */
  runtimePaths: Record<string, string>;
  /** The daemon's host name (docker info Name), to tell a local engine from one in a VM or remote. */
  daemonHost: string;
}

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

export async function detectEngine(spawn: Spawn, docker = dockerBinary(), opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<DetectedEngine> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_ENGINE_TIMEOUT_MS;
  const r = await spawn({ argv: [docker, 'info', '--format', '{{json .}}'], timeoutMs, ...(opts.signal ? { signal: opts.signal } : {}) });
  if (r.spawnError !== undefined || commandNotFound(r)) { // Windows: cmd.exe's "is not recognized", not ENOENT
    throw new EnvironmentError('docker-not-found', `the docker CLI "${docker}" was not found (${(r.spawnError ?? r.stderr.trim()).split('\n')[0]}); install Docker or set ISOCHECK_DOCKER`);
  }
  if (r.aborted) throw new EnvironmentError('interrupted', 'interrupted while asking the engine ("docker info")');
  if (r.timedOut) throw new EnvironmentError('engine-unreachable', `the engine did not answer "docker info" within ${timeoutMs / 1000}s (set --engine-timeout or ISOCHECK_ENGINE_TIMEOUT to wait longer)`);
  let info: DockerInfo | undefined;
  try {
    info = JSON.parse(r.stdout.trim() || 'null') as DockerInfo;
  } catch {
    info = undefined;
  }
  // Newer CLIs print JSON with ServerErrors and exit non-zero when the daemon is down; older ones
  // print only to stderr.
  const serverError = info?.ServerErrors?.[0];
  if (r.exitCode !== 0 || !info?.ServerVersion || serverError) {
    const why = (serverError ?? r.stderr.trim().split('\n').find((l) => l.trim()) ?? `exit code ${r.exitCode}`).trim();
    throw new EnvironmentError('engine-unreachable', `the Docker engine is not reachable: ${why}`);
  }
  const runtimes = info.Runtimes ?? {};
  const runtimePaths: Record<string, string> = {};
  for (const [name, rt] of Object.entries(runtimes)) runtimePaths[name] = rt.path ?? name;
  return {
    facts: {
      version: info.ServerVersion,
      osType: (info.OSType ?? 'unknown').toLowerCase(),
      ...(info.OperatingSystem ? { operatingSystem: info.OperatingSystem } : {}),
      ...(info.KernelVersion ? { kernelVersion: info.KernelVersion } : {}),
      runtimes: Object.keys(runtimes).sort(),
      ...(info.DefaultRuntime ? { defaultRuntime: info.DefaultRuntime } : {}),
      ...(info.Isolation ? { defaultIsolation: info.Isolation } : {}),
      ...(info.CgroupVersion ? { cgroupVersion: info.CgroupVersion } : {}),
      ...(info.CgroupDriver ? { cgroupDriver: info.CgroupDriver } : {}),
    },
    runtimePaths,
    daemonHost: info.Name ?? '',
  };
}

export function isRoot(): boolean {
  if (process.platform === 'win32') return true; // elevation is not visible cheaply; Windows checks don't need it
  return process.getuid?.() === 0;
}

export function fingerprint(engine: DetectedEngine | null, engineError?: string): EnvironmentFingerprint {
  return {
    isocheckVersion: isocheckVersion(),
    node: process.version,
    host: { os: os.type(), platform: process.platform, release: os.release(), arch: process.arch, hostname: os.hostname() },
    root: isRoot(),
    engine: engine?.facts ?? null,
    ...(engineError !== undefined ? { engineError } : {}),
  };
}
