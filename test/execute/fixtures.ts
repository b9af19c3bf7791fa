// A minimal ScenarioContext built by hand, and process rows as the sources produce them.
// Nothing here starts a container: judgements and selections are pure functions of these values.
import type { ProcessInfo } from '../../src/model/process.js';
import type { ScenarioContext, Observation } from '../../src/execute/context.js';
import type { ContainerRecord } from '../../src/execute/results.js';
import type { Spawn } from '../../src/execute/spawn.js';
import type { Scenario } from '../../src/types.js';
import { describeSelection } from '../../src/execute/describe.js';
import type { JudgeEnv } from '../../src/execute/expect/index.js';
import { interpolate } from '../../src/format/interpolate.js';
import type { ProcessMatch } from '../../src/types.js';
import { local } from '../plan/engines.js';

export const SBX_ID = '3f2a9c1d4e5b' + '0'.repeat(52);
export const PROC_ID = '7b1c00aa11bb' + '1'.repeat(52);

export function container(stepId: string, id: string, runtime?: string): ContainerRecord {
  return { stepId, id, name: `isocheck-r-0-${stepId}`, isolation: runtime === 'runsc' ? 'sandbox' : 'process', flags: runtime === 'runsc' ? ['--runtime=runsc'] : [], ...(runtime ? { runtime } : {}) };
}

const refuseSpawn: Spawn = () => Promise.reject(new Error('this test must not start processes through the context'));

export function scenarioContext(values: Record<string, string> = {}, counts: Record<string, number> = {}): ScenarioContext {
  const scenario: Scenario = { name: 'fixture', description: 'fixture', steps: [] };
  const containers = new Map<string, ContainerRecord>([
    ['sbx', container('sbx', SBX_ID, 'runsc')],
    ['proc', container('proc', PROC_ID, 'runc')],
  ]);
  const v = new Map(Object.entries(values));
  for (const c of containers.values()) {
    v.set(`${c.stepId}.id`, c.id);
    v.set(`${c.stepId}.name`, c.name);
  }
  return {
    opts: {
      spawn: refuseSpawn,
      engine: local({ facts: { version: '20.10.24', osType: 'linux', runtimes: ['runc', 'runsc'], defaultRuntime: 'runc' }, runtimePaths: { runc: 'runc', runsc: '/usr/bin/runsc' }, daemonHost: 'h' }),
      host: { os: 'linux', hostname: 'h', root: true },
      runId: 'r',
      signal: new AbortController().signal,
      vars: {},
      emit: () => undefined,
    },
    file: 'fixture.yaml',
    index: 0,
    scenario,
    ref: { key: 'fixture.yaml', file: 'fixture.yaml', name: 'fixture' },
    values: v,
    containers,
    counts: new Map(Object.entries(counts)),
  };
}

/** The JudgeEnv the executor builds for a step: subject words from describeSelection. */
export function judgeEnv(ctx: ScenarioContext, where: 'host' | 'container' = 'host', match?: ProcessMatch): JudgeEnv {
  const value = (t: string): string => {
    const r = interpolate(t, (n) => ctx.values.get(n));
    if (r.missing.length > 0) throw new Error(`no value for ${r.missing[0]}`);
    return r.value;
  };
  return { ctx, subject: describeSelection(ctx, where, match, value), value };
}

export function proc(pid: number, name: string, extra: Partial<ProcessInfo> = {}): ProcessInfo {
  return { pid, name, cmdline: extra.argv ? extra.argv.join(' ') : name, ...extra };
}

export function obsOf(processes: ProcessInfo[] | undefined, text: Partial<Observation> = {}): Observation {
  return { stdout: '', stderr: '', output: '', notes: [], ...(processes ? { processes } : {}), ...text };
}

/** Rows as the Linux /proc reader gives them for the reference scenario (PIDs from a real run). */
export const PING_OF_PROC = proc(2735, 'ping', { argv: ['ping', '127.0.0.1'], exe: '/bin/busybox', container: PROC_ID, user: 'root' });
export const SANDBOX_OF_SBX = proc(11568, 'exe', { argv: ['runsc-sandbox', '--root=/var/run/docker/runtime-runc/moby', 'boot'], exe: '/usr/bin/runsc', container: SBX_ID });
export const HOST_PING = proc(901, 'ping', { argv: ['/usr/bin/ping', '8.8.8.8'], exe: '/usr/bin/ping' });
