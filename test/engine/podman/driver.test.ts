// The Podman driver's argv, isolation mapping, locality, list rows and ownership. Recorded samples
// are from the project VM on 2026-12-01 (podman 4.3.1, rootful, cgroup v1 with cgroupfs).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPodmanDriver, mapPodmanIsolation } from '../../../src/engine/podman/driver.js';
import { createDriver } from '../../../src/engine/index.js';
import type { ContainerSpec, DetectedEngine, EngineFacts, EngineTarget, IsolationMapping } from '../../../src/engine/types.js';
import type { Spawn, SpawnRequest } from '../../../src/execute/spawn.js';
import { unmetRequirements } from '../../../src/plan/requirements.js';
import type { Scenario } from '../../../src/types.js';

const ID = 'fae3f254937b839052e3813e6112bf19de2a7ae87866ebc3bbb259ca81796710';
const SBX = '4e36acc1293842f59ba6a67a64dcfce056fbae425d992c92582fd8aa3014d722';
const LOCAL: EngineTarget = { name: 'podman', kind: 'podman' };

function engine(facts: Partial<EngineFacts> = {}, runtimePaths: Record<string, string> = { runc: '/usr/bin/runc', runsc: '/usr/local/lib/isocheck/runsc-podman' }, local = true): DetectedEngine {
  return {
    target: LOCAL, driver: createPodmanDriver(LOCAL, {}), daemonHost: 'vm', runtimePaths,
    locality: local ? { local: true, endpoint: '', why: 'test' } : { local: false, endpoint: 'ssh://h', why: 'test' },
    facts: { kind: 'podman', version: '4.3.1', osType: 'linux', runtimes: Object.keys(runtimePaths).sort(), defaultRuntime: 'runc', cgroupVersion: '1', rootless: false, ...facts },
  };
}

function ok(m: IsolationMapping): Extract<IsolationMapping, { ok: true }> {
  assert.ok(m.ok, m.ok ? '' : m.reason);
  return m;
}

const spec: ContainerSpec = { name: 'isocheck-r-s-proc', image: 'isocheck/busybox:local', command: ['ping', '127.0.0.1'], labels: { 'io.isocheck.run': 'r' }, isolationFlags: ['--runtime=runsc'], env: { A: 'b c' }, noPull: true };

void describe('target flags', () => {
  it('local podman, --url, --connection, ISOCHECK_PODMAN', () => {
    assert.deepEqual(createPodmanDriver(LOCAL, {}).cli, ['podman']);
    assert.deepEqual(createPodmanDriver({ name: 'r', kind: 'podman', host: 'ssh://u@h/run/podman/podman.sock' }, {}).cli, ['podman', '--url', 'ssh://u@h/run/podman/podman.sock']);
    assert.deepEqual(createPodmanDriver({ name: 'c', kind: 'podman', context: 'c' }, {}).cli, ['podman', '--connection', 'c']);
    assert.deepEqual(createPodmanDriver(LOCAL, { ISOCHECK_PODMAN: '/opt/podman' }).cli, ['/opt/podman']);
  });

  it('--engine podman gets the Podman driver from the registry', () => {
    assert.equal(createDriver(LOCAL, {}).kind, 'podman');
  });
});

void describe('argv', () => {
  const d = createPodmanDriver(LOCAL, {});
  it('run: detached, named, labelled, the runtime flag, no pull, env, then the image and its argv', () => {
    const r = d.runArgv(spec);
    assert.ok(r.ok);
    assert.deepEqual(r.argv, ['podman', 'run', '--detach', '--name=isocheck-r-s-proc', '--label=io.isocheck.run=r', '--runtime=runsc', '--pull=never', '--env=A=b c', 'isocheck/busybox:local', 'ping', '127.0.0.1']);
  });

  it('--read-only means what it means on Docker: no writable tmpfs added by Podman', () => {
    const r = d.runArgv({ ...spec, options: { readOnly: true, network: 'none' } });
    assert.ok(r.ok);
    assert.deepEqual(r.argv.slice(7, 10), ['--network=none', '--read-only', '--read-only-tmpfs=false']);
  });

  it('rm does not wait 10 s per container; list uses Podman\'s template fields; inspect pid', () => {
    assert.deepEqual(d.removeArgv([ID, SBX]), ['podman', 'rm', '--force', '--time', '0', '--volumes', '--depend', ID, SBX]);
    const list = d.listByLabelArgv('io.isocheck.run=r');
    assert.deepEqual(list.slice(0, 6), ['podman', 'ps', '--all', '--no-trunc', '--filter', 'label=io.isocheck.run=r']);
    assert.match(list[7] ?? '', /\{\{json \(index \.Labels "io\.isocheck\.run"\)\}\}/);
    assert.doesNotMatch(list[7] ?? '', /\.Label "/, 'podman 4.3: "can\'t evaluate field Label in type containers.psReporter"');
    assert.deepEqual(d.inspectPidArgv(ID), ['podman', 'inspect', '--format', '{{.State.Pid}}', ID]);
    assert.deepEqual(d.execArgv(ID, ['ps']), ['podman', 'exec', ID, 'ps']);
  });

  it('runsc\'s own view: runsc --root /var/run/runsc ps <full id>, locally and as root only', () => {
    const e = engine();
    assert.deepEqual(d.runtimeViewArgvs({ id: SBX, runtime: 'runsc' }, e), [['/usr/local/lib/isocheck/runsc-podman', '--root', '/var/run/runsc', 'ps', SBX]]);
    assert.deepEqual(d.runtimeViewArgvs({ id: ID, runtime: 'runc' }, e), []);
    assert.deepEqual(d.runtimeViewArgvs({ id: SBX, runtime: 'runsc' }, engine({}, undefined, false)), []);
    assert.deepEqual(d.runtimeViewArgvs({ id: SBX, runtime: 'runsc' }, engine({ rootless: true })), []);
  });
});

void describe('isolation', () => {
  it('process is Podman\'s default OCI runtime, with no flag (runc on Debian 12, crun elsewhere)', () => {
    const m = ok(mapPodmanIsolation('process', undefined, engine()));
    assert.deepEqual(m.flags, []);
    assert.equal(m.runtime, 'runc');
    assert.equal(ok(mapPodmanIsolation('process', undefined, engine({ defaultRuntime: 'crun' }, { crun: '/usr/bin/crun' }))).runtime, 'crun');
  });

  it('process asks for crun or runc when the default runtime is a sandbox', () => {
    const m = ok(mapPodmanIsolation('process', undefined, engine({ defaultRuntime: 'runsc' })));
    assert.deepEqual(m.flags, ['--runtime=runc']);
    const none = mapPodmanIsolation('process', undefined, engine({ defaultRuntime: 'runsc' }, { runsc: '/usr/bin/runsc' }));
    assert.ok(!none.ok && /needs crun or runc/.test(none.reason));
  });

  it('sandbox is --runtime=runsc when registered; else a reason naming the Podman set-up', () => {
    assert.deepEqual(ok(mapPodmanIsolation('sandbox', undefined, engine())).flags, ['--runtime=runsc']);
    const m = mapPodmanIsolation('sandbox', undefined, engine({}, { runc: '/usr/bin/runc' }));
    assert.ok(!m.ok && /containers\.conf.*provision-podman\.sh/.test(m.reason), m.ok ? '' : m.reason);
  });

  it('rootless: no gVisor (a skip with the reason), process still maps', () => {
    const m = mapPodmanIsolation('sandbox', undefined, engine({ rootless: true }));
    assert.ok(!m.ok && /rootless Podman.*rootful/.test(m.reason));
    assert.ok(!mapPodmanIsolation('default', 'runsc', engine({ rootless: true })).ok);
    assert.ok(mapPodmanIsolation('process', undefined, engine({ rootless: true })).ok);
  });

  it('an explicit runtime must be registered', () => {
    assert.deepEqual(ok(mapPodmanIsolation('default', 'runc', engine())).flags, ['--runtime=runc']);
    assert.ok(!mapPodmanIsolation('default', 'kata', engine()).ok);
  });
});

void describe('run options rootless Podman cannot apply', () => {
  it('resource limits on cgroup v1 are refused with the reason once detect() saw rootless', async () => {
    const info = JSON.stringify({ host: { os: 'linux', cgroupVersion: 'v1', security: { rootless: true }, ociRuntime: { name: 'crun', path: '/usr/bin/crun' } }, version: { Version: '4.3.1' } });
    const d = createPodmanDriver({ name: 'r', kind: 'podman', host: 'ssh://h/x.sock' }, {});
    const sp: Spawn = (req) => Promise.resolve({ argv: [...req.argv], exitCode: 0, stdout: info, stderr: '', startedAt: '', durationMs: 1, timedOut: false, aborted: false });
    assert.ok(d.runArgv({ ...spec, options: { memory: '64m' } }).ok, 'before detection nothing is known');
    await d.detect(sp, { timeoutMs: 1000 });
    const r = d.runArgv({ ...spec, options: { memory: '64m', pidsLimit: 10 } });
    assert.ok(!r.ok && /rootless Podman on cgroup v1 cannot apply memory, pidsLimit/.test(r.reason));
    assert.ok(d.runArgv({ ...spec, options: { network: 'none' } }).ok);
  });
});

void describe('locality', () => {
  const never: Spawn = () => Promise.reject(new Error('no command expected'));
  const o = { timeoutMs: 1000 };
  it('local without --url/--connection; --url decides by endpoint', async () => {
    assert.equal((await createPodmanDriver(LOCAL, {}).locality(never, o)).local, true);
    assert.equal((await createPodmanDriver({ name: 's', kind: 'podman', host: 'unix:///run/podman/podman.sock' }, {}).locality(never, o)).local, true);
    assert.equal((await createPodmanDriver({ name: 'r', kind: 'podman', host: 'ssh://root@h:22/run/podman/podman.sock' }, {}).locality(never, o)).local, false);
    assert.equal((await createPodmanDriver(LOCAL, { CONTAINER_HOST: 'tcp://10.0.0.2:8080' }).locality(never, o)).local, false);
  });

  it('a connection is looked up in `podman system connection list --format json`', async () => {
    // Recorded shape: `podman system connection add testc unix:///run/podman/podman.sock` then list.
    const list = JSON.stringify([{ Name: 'testc', URI: 'unix:///run/podman/podman.sock', Identity: '', IsMachine: false, Default: true }, { Name: 'far', URI: 'ssh://core@10.0.0.3:22/run/podman/podman.sock', Identity: '/k', IsMachine: false, Default: false }]);
    const calls: SpawnRequest[] = [];
    const sp: Spawn = (req) => {
      calls.push(req);
      return Promise.resolve({ argv: [...req.argv], exitCode: 0, stdout: list, stderr: '', startedAt: '', durationMs: 1, timedOut: false, aborted: false });
    };
    assert.equal((await createPodmanDriver({ name: 't', kind: 'podman', context: 'testc' }, {}).locality(sp, o)).local, true);
    const far = await createPodmanDriver({ name: 'f', kind: 'podman', context: 'far' }, {}).locality(sp, o);
    assert.equal(far.local, false);
    assert.equal(far.endpoint, 'ssh://core@10.0.0.3:22/run/podman/podman.sock');
    assert.deepEqual(calls[0]?.argv, ['podman', 'system', 'connection', 'list', '--format', 'json']);
    assert.equal((await createPodmanDriver({ name: 'x', kind: 'podman', context: 'unknown' }, {}).locality(sp, o)).local, false);
  });
});

void describe('list rows, ownership, engine gone', () => {
  const d = createPodmanDriver(LOCAL, {});
  it('parses Podman\'s rows: .Names a string, missing labels ""', () => {
    // Recorded: podman ps --all --no-trunc --filter label=io.isocheck.dev --format '[{{json .ID}},{{json .Names}},{{json (index .Labels "io.isocheck.dev")}},…]'
    // (the label columns here are isocheck's five; values as Podman printed them).
    const out = `["${ID}","elastic_ardinghelli","r1","s.yaml","proc","4242","vm","12345"]\n["${SBX}","kind_elgamal","r1","s.yaml","","","",""]\n`;
    const rows = d.parseList(out);
    assert.deepEqual(rows.map((r) => [r.id, r.name]), [[ID, 'elastic_ardinghelli'], [SBX, 'kind_elgamal']]);
    assert.deepEqual(rows[0]?.labels, { 'io.isocheck.run': 'r1', 'io.isocheck.scenario': 's.yaml', 'io.isocheck.step': 'proc', 'io.isocheck.pid': '4242', 'io.isocheck.host': 'vm', 'io.isocheck.started': '12345' });
    assert.deepEqual(rows[1]?.labels, { 'io.isocheck.run': 'r1', 'io.isocheck.scenario': 's.yaml' });
    assert.equal(d.parseList(`["${ID}",["a","b"],"r","","","","",""]\n`)[0]?.name, 'a', 'a list of names: the first');
    assert.throws(() => d.parseList(`["${ID}","n",null,"","","",""]\n`), /does not understand/);
    assert.throws(() => d.parseList(`["${ID}","n","r"]\n`), /does not understand/);
  });

  it('cgroup: the container\'s libpod-<id> (cgroupfs) is owned; conmon\'s libpod_parent/conmon is not', () => {
    // Recorded: /proc/<ping>/cgroup and /proc/<conmon>/cgroup of container ID (first lines).
    const ping = `9:name=systemd:/libpod_parent/libpod-${ID}\n8:pids:/libpod_parent/libpod-${ID}\n0::/libpod_parent/libpod-${ID}\n`;
    const conmon = '9:name=systemd:/\n8:pids:/libpod_parent/conmon\n7:blkio:/libpod_parent/conmon\n';
    assert.equal(d.cgroupOwns(ping, ID), true);
    assert.equal(d.cgroupOwns(ping, SBX), false);
    assert.equal(d.cgroupOwns(conmon, ID), false);
    assert.equal(d.cgroupOwns(`0::/machine.slice/libpod-${ID}.scope/container\n`, ID), true, 'systemd cgroup manager');
  });

  it('engine gone: Podman\'s "cannot connect" text, not a step\'s own failure', () => {
    assert.equal(d.isEngineGone('Cannot connect to Podman. Please verify your connection to the Linux system using `podman system connection list`'), true);
    assert.equal(d.isEngineGone('Error: unable to connect to Podman socket: Get "http://d/v4.3.1/libpod/_ping": dial unix /nope/podman.sock: connect: no such file or directory'), true);
    assert.equal(d.isEngineGone('Error: no container with name or ID "x" found: no such container'), false);
  });
});

void describe('rootless Podman in planning', () => {
  it('host-process steps are skipped with the reason; a scenario without them is not', () => {
    const steps: Scenario['steps'] = [
      { id: 'proc', kind: 'run', image: 'i', command: ['sleep', '9'], isolation: 'process' },
      { id: 'h', kind: 'host-processes', match: { container: 'proc' }, expect: [{ present: true }] },
    ];
    const host = { os: 'linux', hostname: 'vm', root: false };
    const why = unmetRequirements({ name: 'n', description: 'd', steps }, host, engine({ rootless: true }));
    assert.ok(why.some((w) => /looks at host processes, but the engine is rootless Podman/.test(w)), why.join('\n'));
    assert.deepEqual(unmetRequirements({ name: 'n', description: 'd', steps: steps.slice(0, 1) }, host, engine({ rootless: true })), []);
    assert.deepEqual(unmetRequirements({ name: 'n', description: 'd', steps }, host, engine()), []);
  });
});
