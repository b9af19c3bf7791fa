// `docker info` as JSON: OS type, runtimes, default isolation, the daemon's name. Asked once per
// target per command. An unusable engine is one clear EnvironmentError (exit 3): a refused connection
// at once, an engine that does not answer within the engine timeout (10 s by default: on Windows
// `docker info` also runs every CLI plugin, and an engine over SSH needs a connection first).
import { EnvironmentError } from '../../errors.js';
import { commandNotFound } from '../../model/command-not-found.js';
import type { Spawn } from '../../model/spawn.js';
import type { EngineFacts } from '../types.js';

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

export interface DockerInfoFacts {
  facts: EngineFacts;
  runtimePaths: Record<string, string>;
  daemonHost: string;
}

/** `cli` is the docker CLI with its target flags; `label` names the target in messages. */
export async function dockerInfo(spawn: Spawn, cli: readonly string[], label: string, opts: { timeoutMs: number; signal?: AbortSignal }): Promise<DockerInfoFacts> {
  const docker = cli[0] ?? 'docker';
  const r = await spawn({ argv: [...cli, 'info', '--format', '{{json .}}'], timeoutMs: opts.timeoutMs, ...(opts.signal ? { signal: opts.signal } : {}) });
  if (r.spawnError !== undefined || commandNotFound(r)) { // Windows: cmd.exe's "is not recognized", not ENOENT
    throw new EnvironmentError('docker-not-found', `the docker CLI "${docker}" was not found (${(r.spawnError ?? r.stderr.trim()).split('\n')[0]}); install Docker or set ISOCHECK_DOCKER`);
  }
  if (r.aborted) throw new EnvironmentError('interrupted', 'interrupted while asking the engine ("docker info")');
  if (r.timedOut) throw new EnvironmentError('engine-unreachable', `the engine${label} did not answer "docker info" within ${opts.timeoutMs / 1000}s (set --engine-timeout or ISOCHECK_ENGINE_TIMEOUT to wait longer)`);
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
    throw new EnvironmentError('engine-unreachable', `the Docker engine${label} is not reachable: ${why}`);
  }
  const runtimes = info.Runtimes ?? {};
  const runtimePaths: Record<string, string> = {};
  for (const [name, rt] of Object.entries(runtimes)) runtimePaths[name] = rt.path ?? name;
  return {
    facts: {
      kind: 'docker',
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
