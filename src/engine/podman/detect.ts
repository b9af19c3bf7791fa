// `podman info --format json`: version, OS, kernel, the default OCI runtime, cgroup manager and
// version, rootless or not. Podman 4.3 lists no other runtimes there; on this machine they are read
// from containers.conf (runtimes.ts); for a remote Podman only the default runtime is known.
import { EnvironmentError } from '../../errors.js';
import { commandNotFound } from '../../model/command-not-found.js';
import type { Spawn } from '../../model/spawn.js';
import type { EngineFacts } from '../types.js';
import { containersConfFiles, localRuntimes } from './runtimes.js';

/** The fields isocheck reads (Podman 4.3's `podman info` JSON; see test/engine/podman/detect.test.ts). */
export interface PodmanInfo {
  host?: {
    os?: string;
    kernel?: string;
    hostname?: string;
    cgroupManager?: string;
    cgroupVersion?: string;
    distribution?: { distribution?: string; version?: string; codename?: string };
    ociRuntime?: { name?: string; path?: string; version?: string };
    security?: { rootless?: boolean };
  };
  version?: { Version?: string; APIVersion?: string };
}

export interface PodmanInfoFacts {
  facts: EngineFacts;
  runtimePaths: Record<string, string>;
  daemonHost: string;
}

/** Facts from the info JSON; `local` runtimes (name → path) are merged in for an engine on this machine. */
export function factsFromInfo(info: PodmanInfo, local: Record<string, string> | undefined): PodmanInfoFacts {
  const h = info.host ?? {};
  const def = h.ociRuntime?.name;
  const runtimePaths: Record<string, string> = { ...(local ?? {}) };
  // The default runtime is registered by definition, whatever the config files say.
  if (def) runtimePaths[def] = h.ociRuntime?.path ?? runtimePaths[def] ?? def;
  const d = h.distribution;
  const os = d?.distribution ? [d.distribution, d.version, d.codename ? `(${d.codename})` : undefined].filter(Boolean).join(' ') : undefined;
  return {
    facts: {
      kind: 'podman',
      version: info.version?.Version ?? '',
      ...(info.version?.APIVersion ? { apiVersion: info.version.APIVersion } : {}),
      osType: (h.os ?? 'unknown').toLowerCase(),
      ...(os ? { operatingSystem: os } : {}),
      ...(h.kernel ? { kernelVersion: h.kernel } : {}),
      runtimes: Object.keys(runtimePaths).sort(),
      ...(def ? { defaultRuntime: def } : {}),
      // Docker says "1"/"2"; Podman "v1"/"v2".
      ...(h.cgroupVersion ? { cgroupVersion: h.cgroupVersion.replace(/^v/, '') } : {}),
      ...(h.cgroupManager ? { cgroupDriver: h.cgroupManager } : {}),
      rootless: h.security?.rootless === true,
    },
    runtimePaths,
    daemonHost: h.hostname ?? '',
  };
}

/** `cli` is podman with its target flags; `local`: read this machine's containers.conf for runtimes. */
export async function podmanInfo(spawn: Spawn, cli: readonly string[], label: string, opts: { timeoutMs: number; signal?: AbortSignal; local: boolean; env: NodeJS.ProcessEnv }): Promise<PodmanInfoFacts> {
  const podman = cli[0] ?? 'podman';
  const r = await spawn({ argv: [...cli, 'info', '--format', 'json'], timeoutMs: opts.timeoutMs, ...(opts.signal ? { signal: opts.signal } : {}) });
  if (r.spawnError !== undefined || commandNotFound(r)) {
    throw new EnvironmentError('podman-not-found', `the podman CLI "${podman}" was not found (${(r.spawnError ?? r.stderr.trim()).split('\n')[0]}); install Podman (sudo bash scripts/provision-podman.sh) or set ISOCHECK_PODMAN`);
  }
  if (r.aborted) throw new EnvironmentError('interrupted', 'interrupted while asking the engine ("podman info")');
  if (r.timedOut) throw new EnvironmentError('engine-unreachable', `Podman${label} did not answer "podman info" within ${opts.timeoutMs / 1000}s (set --engine-timeout or ISOCHECK_ENGINE_TIMEOUT to wait longer)`);
  let info: PodmanInfo | undefined;
  try {
    info = JSON.parse(r.stdout.trim() || 'null') as PodmanInfo;
  } catch {
    info = undefined;
  }
  if (r.exitCode !== 0 || !info?.version?.Version) {
    // Podman prints "Error: …" lines on stderr; the last one is the cause.
    const lines = r.stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '');
    const why = lines.filter((l) => /^Error:/.test(l)).pop() ?? lines[0] ?? `exit code ${r.exitCode}`;
    throw new EnvironmentError('engine-unreachable', `Podman${label} is not usable: ${why}`);
  }
  const rootless = info.host?.security?.rootless === true;
  const local = opts.local ? localRuntimes(containersConfFiles(opts.env, rootless)) : undefined;
  return factsFromInfo(info, local);
}
