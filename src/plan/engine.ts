// Detect the engine once per run: `docker info` as JSON gives OS type, runtimes, default isolation.
// An unusable environment is one clear EnvironmentError (exit 3), found within a couple of seconds.
import os from 'node:os';
import { EnvironmentError } from '../errors.js';
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

const DETECT_TIMEOUT_MS = 1800;

export async function detectEngine(spawn: Spawn, docker = dockerBinary()): Promise<DetectedEngine> {
  const r = await spawn({ argv: [docker, 'info', '--format', '{{json .}}'], timeoutMs: DETECT_TIMEOUT_MS });
  if (r.spawnError !== undefined || commandNotFound(r)) { // Windows: cmd.exe's "is not recognized", not ENOENT
    throw new EnvironmentError('docker-not-found', `the docker CLI "${docker}" was not found (${(r.spawnError ?? r.stderr.trim()).split('\n')[0]}); install Docker or set ISOCHECK_DOCKER`);
  }
  if (r.timedOut) throw new EnvironmentError('engine-unreachable', `the engine did not answer "docker info" within ${DETECT_TIMEOUT_MS / 1000}s`);
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
