// The `top` step on Podman, through the real executor with a scripted Spawn answering with the
// outputs recorded on the project VM (2026-12-01, podman 4.3.1; see top.test.ts for the commands):
// Podman's host PIDs are used as they are (no host look-up per row), and gVisor's empty table sends
// the step to runsc's own view (`runsc --root /var/run/runsc ps <full id>`, state root under Podman).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPodmanDriver } from '../../../src/engine/podman/driver.js';
import type { DetectedEngine, EngineTarget } from '../../../src/engine/types.js';
import { runScenario } from '../../../src/execute/scenario.js';
import type { Spawn, SpawnRequest, SpawnResult } from '../../../src/execute/spawn.js';
import type { Scenario } from '../../../src/types.js';

const RUNC_ID = 'fae3f254937b839052e3813e6112bf19de2a7ae87866ebc3bbb259ca81796710';
const RUNSC_ID = '4e36acc1293842f59ba6a67a64dcfce056fbae425d992c92582fd8aa3014d722';
const TOP_RUNC = 'PID         HPID        COMMAND     COMMAND\n1           20485       ping        ping 127.0.0.1 \n';
const TOP_RUNSC = 'PID         HPID        COMMAND     COMMAND\n';
// Recorded: /usr/local/lib/isocheck/runsc-podman --root /var/run/runsc ps $S
const RUNSC_PS = 'UID       PID       PPID      C         TTY       STIME     TIME      CMD\n0         1         0         0         ?         23:27     0s        ping\n';
const RUNSC = '/usr/local/lib/isocheck/runsc-podman';

const target: EngineTarget = { name: 'podman', kind: 'podman' };
const engine: DetectedEngine = {
  target, driver: createPodmanDriver(target, {}), daemonHost: 'vm', runtimePaths: { runc: '/usr/bin/runc', runsc: RUNSC },
  locality: { local: true, endpoint: '', why: 'test' },
  facts: { kind: 'podman', version: '4.3.1', osType: 'linux', runtimes: ['runc', 'runsc'], defaultRuntime: 'runc', rootless: false },
};

function scripted(): Spawn & { calls: string[][] } {
  const calls: string[][] = [];
  const f = ((req: SpawnRequest): Promise<SpawnResult> => {
    const a = [...req.argv];
    calls.push(a);
    const out = (stdout: string, exitCode = 0): Promise<SpawnResult> => Promise.resolve({ argv: a, exitCode, stdout, stderr: '', startedAt: new Date().toISOString(), durationMs: 1, timedOut: false, aborted: false });
    if (a[0] === 'podman' && a[1] === 'run') return out(`${a.includes('--runtime=runsc') ? RUNSC_ID : RUNC_ID}\n`);
    if (a[0] === 'podman' && a[1] === 'top') return out(a[2] === RUNSC_ID ? TOP_RUNSC : TOP_RUNC);
    if (a[0] === RUNSC && a.join(' ') === `${RUNSC} --root /var/run/runsc ps ${RUNSC_ID}`) return out(RUNSC_PS);
    if (a[0] === 'podman' && (a[1] === 'rm' || a[1] === 'ps')) return out('');
    return out('', 127);
  }) as Spawn & { calls: string[][] };
  f.calls = calls;
  return f;
}

const scenario: Scenario = {
  name: 'podman top', description: 'unit',
  steps: [
    { id: 'proc', kind: 'run', image: 'isocheck/busybox:local', command: ['ping', '127.0.0.1'], isolation: 'process' },
    { id: 'proc-top', kind: 'top', container: 'proc', match: { name: 'ping' }, expect: [{ present: true }], capture: { procPid: 'pid' } },
    { id: 'sbx', kind: 'run', image: 'isocheck/busybox:local', command: ['ping', '127.0.0.1'], isolation: 'sandbox' },
    { id: 'sbx-top', kind: 'top', container: 'sbx', match: { name: 'ping' }, expect: [{ present: true }] },
  ],
};

void test('runc: the HPID column is taken as the host PID, with no host look-up; gVisor: runsc ps', async () => {
  const spawn = scripted();
  const lookups: unknown[] = [];
  const r = await runScenario({ file: 'p.yaml', index: 0, scenario }, {
    spawn, engine, host: { os: 'linux', hostname: 'vm', root: true }, runId: 'u1', signal: new AbortController().signal, vars: {}, emit: () => undefined,
    // Any host look-up would land here: Podman's PIDs need none.
    hostProcesses: (q) => (lookups.push(q), []),
  });
  const step = (id: string) => r.steps.find((s) => s.id === id);
  assert.equal(r.status, 'passed', JSON.stringify(r.steps.map((s) => [s.id, s.status, s.error?.message])));
  assert.equal(step('proc-top')?.view, 'engine (podman top)');
  assert.equal(step('proc-top')?.captures.procPid, '20485', 'the host PID, not the PID inside (1)');
  assert.deepEqual(lookups, []);
  assert.equal(step('sbx-top')?.view, 'runtime (runsc ps)');
  assert.match(step('sbx-top')?.notes.join('\n') ?? '', /engine top listed no host process of the container/);
  assert.ok(spawn.calls.some((c) => c.join(' ') === `podman top ${RUNSC_ID} pid hpid comm args`));
  assert.ok(spawn.calls.some((c) => c.join(' ') === `${RUNSC} --root /var/run/runsc ps ${RUNSC_ID}`));
});
