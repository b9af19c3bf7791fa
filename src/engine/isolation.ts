// The portable isolation vocabulary mapped onto a concrete engine. Windows daemons take
// --isolation; Linux engines choose an OCI runtime. The format only names the mode; this decides.
import type { IsolationMode } from '../types.js';
import type { DetectedEngine, IsolationMapping } from './types.js';

export type { IsolationMapping };

const SANDBOX_RUNTIME = /runsc|gvisor/i;
const VM_RUNTIME = /kata|firecracker|clh|qemu/i;

/** Whether the engine has a runtime of this name (own keys only: "constructor" is not a runtime). */
export function isRegistered(engine: DetectedEngine, name: string): boolean {
  return Object.hasOwn(engine.runtimePaths, name);
}

/** Find a registered runtime whose name or binary path matches. Prefer an exact name. */
function findRuntime(engine: DetectedEngine, re: RegExp, preferred: string): string | undefined {
  if (isRegistered(engine, preferred)) return preferred;
  return Object.entries(engine.runtimePaths)
    .filter(([name, p]) => re.test(name) || re.test(p))
    .map(([name]) => name)
    .sort()[0];
}

export function mapIsolation(mode: IsolationMode, runtime: string | undefined, engine: DetectedEngine): IsolationMapping {
  const os = engine.facts.osType;
  if (runtime !== undefined) {
    if (os === 'windows') return { ok: false, reason: `explicit runtime "${runtime}" is not supported on a Windows engine` };
    if (!isRegistered(engine, runtime)) {
      return { ok: false, reason: `runtime "${runtime}" is not registered with the engine (registered: ${engine.facts.runtimes.join(', ') || 'none'})` };
    }
    return { ok: true, flags: [`--runtime=${runtime}`], runtime, describe: `runtime ${runtime}` };
  }
  if (os === 'windows') {
    if (mode === 'default') return { ok: true, flags: [], describe: `engine default (${engine.facts.defaultIsolation ?? 'unknown'})` };
    if (mode === 'sandbox') return { ok: false, reason: 'a Windows engine has no sandbox (user-space kernel) isolation; use hyperv' };
    return { ok: true, flags: [`--isolation=${mode}`], describe: `--isolation=${mode}` };
  }
  if (os !== 'linux') return { ok: false, reason: `unknown engine OS "${os}"` };
  switch (mode) {
    case 'default':
      // Recorded so `top` knows which runtime's own view to ask for (the default may be runsc).
      return { ok: true, flags: [], runtime: engine.facts.defaultRuntime ?? 'runc', describe: `engine default runtime (${engine.facts.defaultRuntime ?? 'runc'})` };
    case 'process': {
      const def = engine.facts.defaultRuntime ?? 'runc';
      if (def === 'runc') return { ok: true, flags: [], runtime: 'runc', describe: 'runc (the default runtime)' };
      if (!isRegistered(engine, 'runc')) return { ok: false, reason: 'process isolation needs runc, which is not registered with the engine' };
      return { ok: true, flags: ['--runtime=runc'], runtime: 'runc', describe: 'runc' };
    }
    case 'sandbox': {
      const name = findRuntime(engine, SANDBOX_RUNTIME, 'runsc');
      if (name === undefined) {
        return { ok: false, reason: 'sandbox isolation needs gVisor (runsc) registered with the engine; run scripts/provision-engine.sh or see README "Isolation modes"' };
      }
      return { ok: true, flags: [`--runtime=${name}`], runtime: name, describe: `gVisor (--runtime=${name})` };
    }
    case 'hyperv': {
      const name = findRuntime(engine, VM_RUNTIME, 'kata-runtime');
      if (name === undefined) return { ok: false, reason: 'hyperv isolation on Linux needs a VM runtime (Kata Containers) registered with the engine' };
      return { ok: true, flags: [`--runtime=${name}`], runtime: name, describe: `VM runtime (--runtime=${name})` };
    }
  }
}
