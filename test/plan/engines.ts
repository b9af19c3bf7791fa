// Hand-built DetectedEngine values, shaped like what the Docker driver's detect() makes of `docker info`.
import { createDockerDriver } from '../../src/engine/docker/driver.js';
import { LOCAL_TARGET } from '../../src/engine/index.js';
import type { DetectedEngine } from '../../src/plan/engine.js';

/** The parts detect() adds to docker info's facts for the local engine: target, locality, the real Docker driver. */
export function local(e: Pick<DetectedEngine, 'facts' | 'runtimePaths' | 'daemonHost'>): DetectedEngine {
  return { target: LOCAL_TARGET, locality: { local: true, endpoint: 'unix:///var/run/docker.sock', why: 'test: the local engine' }, driver: createDockerDriver(LOCAL_TARGET, {}), ...e };
}

export function linuxEngine(runtimePaths: Record<string, string> = { runc: 'runc' }, defaultRuntime = 'runc', daemonHost = 'h'): DetectedEngine {
  return local({
    facts: { version: '20.10.24', osType: 'linux', runtimes: Object.keys(runtimePaths).sort(), defaultRuntime },
    runtimePaths,
    daemonHost,
  });
}

/** runc plus gVisor registered as the platform notes say (/etc/docker/daemon.json). */
export function linuxEngineWithRunsc(daemonHost = 'h'): DetectedEngine {
  return linuxEngine({ runc: 'runc', runsc: '/usr/bin/runsc', 'io.containerd.runc.v2': 'runc' }, 'runc', daemonHost);
}

/** A Windows engine on a build-17763 host (KernelVersion as in the real docker info of moby#38306). */
export function windowsEngine(defaultIsolation = 'process', daemonHost = 'h'): DetectedEngine {
  return local({
    facts: { version: '20.10.9', osType: 'windows', kernelVersion: '10.0 17763 (17763.1.amd64fre.rs5_release.180914-1434)', runtimes: [], defaultIsolation },
    runtimePaths: {},
    daemonHost,
  });
}

/**
 * A DetectedEngine from a recorded `docker info` TEXT (line 1, the `# SOURCE:` header, is
 * skipped): the fields detectEngine() takes from `docker info --format '{{json .}}'`, read from the
 * text form the sources published (same values: ServerVersion, OSType, KernelVersion,
 * OperatingSystem, Isolation, Name).
 */
export function engineFromInfoText(text: string): DetectedEngine {
  const field = (label: string): string | undefined => new RegExp(`^\\s*${label}:\\s*(.*?)\\s*$`, 'm').exec(text)?.[1];
  const os = (field('OSType') ?? '').toLowerCase();
  return local({
    facts: {
      version: field('Server Version') ?? '',
      osType: os,
      ...(field('Operating System') ? { operatingSystem: field('Operating System') as string } : {}),
      ...(field('Kernel Version') ? { kernelVersion: field('Kernel Version') as string } : {}),
      runtimes: [],
      ...(field('Default Isolation') ? { defaultIsolation: field('Default Isolation') as string } : {}),
    },
    runtimePaths: {},
    daemonHost: field('Name') ?? '',
  });
}

/**
 * Windows Server 2025: CONSTRUCTED (no real docker info of 2025 was found). KernelVersion in moby's
 * format "10.0 <build> (<BuildLabEx>)" with the BuildLabEx a published Server 2025
 * Get-ComputerInfo shows (26100.1.amd64fre.ge_release.240331-1435).
 */
export function server2025Engine(daemonHost = 'WIN2025'): DetectedEngine {
  return local({
    facts: { version: '27.5.1', osType: 'windows', operatingSystem: 'Microsoft Windows Server Version 24H2 (OS Build 26100.2894)', kernelVersion: '10.0 26100 (26100.1.amd64fre.ge_release.240331-1435)', runtimes: [], defaultIsolation: 'process' },
    runtimePaths: {},
    daemonHost,
  });
}

/** The real Docker driver for the local target, with `docker` as its CLI (a path to a fixture CLI in some tests). */
export function dockerDriver(docker = 'docker'): ReturnType<typeof createDockerDriver> {
  return createDockerDriver(LOCAL_TARGET, { ISOCHECK_DOCKER: docker, ...(process.env.HOME ? { HOME: process.env.HOME } : {}) });
}

/** What `run` does to find the engine: the local target's driver asks `docker info`. */
export function detectDocker(spawn: Parameters<ReturnType<typeof createDockerDriver>['detect']>[0], docker = 'docker', opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<DetectedEngine> {
  return dockerDriver(docker).detect(spawn, { timeoutMs: opts.timeoutMs ?? 10_000, ...(opts.signal ? { signal: opts.signal } : {}) });
}
