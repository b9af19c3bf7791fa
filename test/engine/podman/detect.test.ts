// `podman info --format json` → engine facts. INFO is the part isocheck reads of the real output on
// the project VM, 2026-12-01 (podman 4.3.1 from Debian 12, rootful, after scripts/provision-podman.sh),
// values verbatim; the other fields (store, registries, plugins, conmon, …) are left out here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { factsFromInfo, podmanInfo, type PodmanInfo } from '../../../src/engine/podman/detect.js';
import type { Spawn, SpawnRequest, SpawnResult } from '../../../src/execute/spawn.js';
import { EnvironmentError } from '../../../src/errors.js';

const INFO: PodmanInfo = {
  host: {
    cgroupManager: 'cgroupfs',
    cgroupVersion: 'v1',
    distribution: { distribution: 'debian', version: '12', codename: 'bookworm' },
    hostname: 'vm',
    kernel: '6.18.44-fc-v1045',
    ociRuntime: { name: 'runc', path: '/usr/bin/runc', version: 'runc version 1.1.5+ds1\ncommit: 1.1.5+ds1-1+deb12u1\nspec: 1.0.2-dev\ngo: go1.19.8\nlibseccomp: 2.5.4' },
    os: 'linux',
    security: { rootless: false },
  },
  version: { APIVersion: '4.3.1', Version: '4.3.1' },
};

void test('facts: version, OS, kernel, default runtime, cgroup v1 with cgroupfs, rootful', () => {
  const r = factsFromInfo(INFO, { runsc: '/usr/local/lib/isocheck/runsc-podman', runc: '/usr/bin/runc' });
  assert.equal(r.facts.kind, 'podman');
  assert.equal(r.facts.version, '4.3.1');
  assert.equal(r.facts.osType, 'linux');
  assert.equal(r.facts.operatingSystem, 'debian 12 (bookworm)');
  assert.equal(r.facts.kernelVersion, '6.18.44-fc-v1045');
  assert.equal(r.facts.defaultRuntime, 'runc');
  assert.deepEqual(r.facts.runtimes, ['runc', 'runsc']);
  assert.equal(r.facts.cgroupVersion, '1', 'Docker\'s spelling: 1, not v1');
  assert.equal(r.facts.cgroupDriver, 'cgroupfs');
  assert.equal(r.facts.rootless, false);
  assert.equal(r.daemonHost, 'vm');
  assert.equal(r.runtimePaths.runsc, '/usr/local/lib/isocheck/runsc-podman');
});

void test('a remote Podman (no local config): only the default runtime is known', () => {
  const r = factsFromInfo(INFO, undefined);
  assert.deepEqual(r.facts.runtimes, ['runc']);
  assert.deepEqual(r.runtimePaths, { runc: '/usr/bin/runc' });
});

void test('rootless is reported', () => {
  const r = factsFromInfo({ ...INFO, host: { ...INFO.host, security: { rootless: true } } }, {});
  assert.equal(r.facts.rootless, true);
});

function answer(a: Partial<SpawnResult>): Spawn & { calls: SpawnRequest[] } {
  const calls: SpawnRequest[] = [];
  const f = ((req: SpawnRequest) => {
    calls.push(req);
    return Promise.resolve({ argv: [...req.argv], exitCode: 0, stdout: '', stderr: '', startedAt: '', durationMs: 1, timedOut: false, aborted: false, ...a });
  }) as Spawn & { calls: SpawnRequest[] };
  f.calls = calls;
  return f;
}

const opts = { timeoutMs: 1000, local: false, env: {} };

void test('podmanInfo asks `podman info --format json` with the target flags', async () => {
  const sp = answer({ stdout: JSON.stringify(INFO) });
  const r = await podmanInfo(sp, ['podman', '--url', 'ssh://h/run/podman/podman.sock'], ' "h"', opts);
  assert.deepEqual(sp.calls[0]?.argv, ['podman', '--url', 'ssh://h/run/podman/podman.sock', 'info', '--format', 'json']);
  assert.equal(r.facts.version, '4.3.1');
});

void test('no podman CLI: podman-not-found, with the fix', async () => {
  await assert.rejects(podmanInfo(answer({ exitCode: null, spawnError: 'spawn podman ENOENT' }), ['podman'], '', opts), (e: unknown) => e instanceof EnvironmentError && e.code === 'podman-not-found' && /provision-podman\.sh/.test(e.message));
});

void test('an unreachable Podman: engine-unreachable with Podman\'s own Error line', async () => {
  // Recorded: `podman --url unix:///nope/podman.sock info` on the project VM (exit 125).
  const stderr = 'Cannot connect to Podman. Please verify your connection to the Linux system using `podman system connection list`, or try `podman machine init` and `podman machine start` to manage a new Linux VM\nError: unable to connect to Podman socket: Get "http://d/v4.3.1/libpod/_ping": dial unix /nope/podman.sock: connect: no such file or directory\n';
  await assert.rejects(podmanInfo(answer({ exitCode: 125, stderr }), ['podman'], ' "p"', opts), (e: unknown) => e instanceof EnvironmentError && e.code === 'engine-unreachable' && /Podman "p" is not usable: Error: unable to connect to Podman socket/.test(e.message));
});

void test('a timeout says which setting waits longer', async () => {
  await assert.rejects(podmanInfo(answer({ exitCode: null, timedOut: true }), ['podman'], '', opts), /within 1s \(set --engine-timeout/);
});
