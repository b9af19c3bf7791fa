// The set-up the engine and fleet tests rely on, checked for real: the second Docker Engine is a
// different host in PID terms (its `docker top` PIDs are not this machine's), reachable by socket
// and by context, with runsc and the image; Podman is rootful, has runsc and the image, and its
// `top` gives host PIDs. The first engine keeps its docker0 bridge (a second engine sharing the
// network namespace deletes it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { IMAGE, docker, requireEngine } from '../helpers/engine.js';
import {
  E2_CONTEXT, E2_HOST, e2, e2Containers, e2DaemonPid, podman, podmanContainers, requirePodman, requireSecondEngine,
} from '../helpers/extra-engines.js';

const RUN_ID = `engines-provisioned-${process.pid}`;
const read = (file: string): string | undefined => {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};

/** This host's PID of the container's process that is `nsPid` in the engine's PID namespace
 * (NSpid lists a process's PID in each nested namespace: host, engine, container). */
function hostPidOf(nsPid: number, containerId: string): number | undefined {
  for (const name of fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    const nspid = /^NSpid:\s*(.*)$/m.exec(read(`/proc/${name}/status`) ?? '')?.[1]?.split(/\s+/).map(Number);
    if (nspid?.length === 3 && nspid[1] === nsPid && read(`/proc/${name}/cgroup`)?.includes(containerId)) return Number(name);
  }
  return undefined;
}

test('the second engine answers on its socket and through its context, with runsc and the image', (t) => {
  if (!requireSecondEngine(t)) return;
  const bySocket = e2(['info', '--format', '{{json .}}']);
  assert.equal(bySocket.code, 0, bySocket.stderr);
  const info = JSON.parse(bySocket.stdout) as { ID: string; Name: string; Runtimes: Record<string, unknown> };
  assert.ok('runsc' in info.Runtimes, `runtimes: ${Object.keys(info.Runtimes).join(' ')}`);
  assert.notEqual(info.Name, os.hostname(), 'the second engine must report its own hostname');
  const byContext = spawnSync('docker', ['--context', E2_CONTEXT, 'info', '--format', '{{.ID}} {{.Name}}'], { encoding: 'utf8' });
  assert.equal(byContext.status, 0, byContext.stderr);
  assert.equal(byContext.stdout.trim(), `${info.ID} ${info.Name}`, `context ${E2_CONTEXT} reaches the daemon on ${E2_HOST}`);
  const first = docker(['info', '--format', '{{.ID}}']);
  assert.notEqual(first.stdout.trim(), info.ID, 'the second engine is another daemon than the first');
  assert.equal(e2(['image', 'inspect', IMAGE]).code, 0, `${IMAGE} on the second engine`);
});

test('the second engine lives in other PID and network namespaces: its top PIDs are not this host\'s', (t) => {
  if (!requireSecondEngine(t)) return;
  const pid = e2DaemonPid();
  assert.ok(pid, `no dockerd with ${E2_HOST} in this host's process table`);
  for (const ns of ['pid', 'net', 'uts']) {
    assert.notEqual(fs.readlinkSync(`/proc/${pid}/ns/${ns}`), fs.readlinkSync(`/proc/self/ns/${ns}`), `${ns} namespace`);
  }
  const started = e2(['run', '-d', '--runtime', 'runc', '--network', 'none', '--label', `io.isocheck.run=${RUN_ID}`, IMAGE, 'sleep', '60']);
  assert.equal(started.code, 0, started.stderr);
  const id = started.stdout.trim();
  try {
    const top = e2(['top', id, '-o', 'pid,comm']);
    assert.equal(top.code, 0, top.stderr);
    const inner = Number(/^\s*(\d+)\s+sleep\s*$/m.exec(top.stdout)?.[1]);
    assert.ok(inner > 0, top.stdout);
    const host = hostPidOf(inner, id);
    assert.ok(host, `no process of container ${id} on this host is PID ${inner} in the engine's namespace`);
    assert.notEqual(host, inner, 'the PID docker top reports must not be the host PID');
    assert.equal(read(`/proc/${host}/comm`)?.trim(), 'sleep');
    // At the number docker top reports, this host has another process or none.
    assert.ok(!read(`/proc/${inner}/cgroup`)?.includes(id), `host PID ${inner} is not in the container`);
  } finally {
    e2(['rm', '-f', id]);
  }
  assert.deepEqual(e2Containers(RUN_ID), []);
});

test('the first engine keeps its bridge: a container with default networking starts there', (t) => {
  if (!requireEngine(t)) return;
  const r = docker(['run', '--rm', IMAGE, 'ping', '-c1', '127.0.0.1']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /1 packets received/);
});

test('Podman answers rootful, with runsc and the image', (t) => {
  if (!requirePodman(t)) return;
  const info = podman(['info', '--format', 'json']);
  assert.equal(info.code, 0, info.stderr);
  const host = (JSON.parse(info.stdout) as { host: { security: { rootless: boolean; capabilities: string } } }).host;
  assert.equal(host.security.rootless, false);
  assert.match(host.security.capabilities, /CAP_NET_RAW/, 'busybox ping needs NET_RAW, as under Docker');
  const runsc = podman(['--runtime', 'runsc', 'info', '--format', '{{.Host.OCIRuntime.Name}} {{.Host.OCIRuntime.Path}}']);
  assert.equal(runsc.code, 0, runsc.stderr);
  assert.match(runsc.stdout, /^runsc \//);
  assert.equal(podman(['image', 'exists', IMAGE]).code, 0, `${IMAGE} in Podman`);
});

test('podman top … pid hpid comm args gives the host PID of the container\'s process', (t) => {
  if (!requirePodman(t)) return;
  const started = podman(['run', '-d', '--label', `io.isocheck.run=${RUN_ID}`, IMAGE, 'sleep', '60']);
  assert.equal(started.code, 0, started.stderr);
  const id = started.stdout.trim();
  try {
    const top = podman(['top', id, 'pid', 'hpid', 'comm', 'args']);
    assert.equal(top.code, 0, top.stderr);
    const row = /^\s*(\d+)\s+(\d+)\s+sleep\s+sleep 60\s*$/m.exec(top.stdout);
    assert.ok(row, top.stdout);
    const hpid = Number(row[2]);
    assert.equal(read(`/proc/${hpid}/comm`)?.trim(), 'sleep');
    assert.ok(read(`/proc/${hpid}/cgroup`)?.includes(id), `host PID ${hpid} belongs to container ${id}`);
  } finally {
    podman(['rm', '-f', '-t', '0', id]);
  }
  assert.deepEqual(podmanContainers(RUN_ID), []);
});
