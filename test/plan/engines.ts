// Hand-built DetectedEngine values, shaped like what detectEngine() makes of `docker info`.
import type { DetectedEngine } from '../../src/plan/engine.js';

export function linuxEngine(runtimePaths: Record<string, string> = { runc: 'runc' }, defaultRuntime = 'runc', daemonHost = 'h'): DetectedEngine {
  return {
    facts: { version: '20.10.24', osType: 'linux', runtimes: Object.keys(runtimePaths).sort(), defaultRuntime },
    runtimePaths,
    daemonHost,
  };
}

/** runc plus gVisor registered as the platform notes say (/etc/docker/daemon.json). */
export function linuxEngineWithRunsc(daemonHost = 'h'): DetectedEngine {
  return linuxEngine({ runc: 'runc', runsc: '/usr/bin/runsc', 'io.containerd.runc.v2': 'runc' }, 'runc', daemonHost);
}

export function windowsEngine(defaultIsolation = 'process', daemonHost = 'h'): DetectedEngine {
  return {
    facts: { version: '20.10.9', osType: 'windows', runtimes: [], defaultIsolation },
    runtimePaths: {},
    daemonHost,
  };
}
