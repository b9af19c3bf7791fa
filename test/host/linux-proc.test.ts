import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { containerPids, parseCmdline, parseProcStat, queryLinuxProcesses } from '../../src/host/linux-proc.js';
import type { LinuxProcOptions } from '../../src/host/linux-proc.js';
import { RECORDED } from '../parse/recorded.js';

/** One process by PID, as top's ownership check asks for it. */
const readLinuxProcess = (pid: number, o?: LinuxProcOptions) => queryLinuxProcesses({ pid }, o)[0];

// Recorded /proc files of this machine (test/fixtures/recorded/README.md lists each PID).
const PROC = path.join(RECORDED, 'linux', 'proc');
const fake = { procRoot: PROC };
const RUNC = '298855edde54628e8d29c749dfd235c5ba0bec9f2a3d1d7cfef98eaf08fa67c6';
const RUNSC = '38d48411af21cb7ebac3e1a04c304740cd96340d7fafdd639bd13f278e3d0f78';
const pids = (q: Parameters<typeof queryLinuxProcesses>[0], opts: LinuxProcOptions = fake): number[] => queryLinuxProcesses(q, opts).map((p) => p.pid);

void describe('recorded /proc files', () => {
  void test('stat with ") (" in comm (recorded: a sleep copy named "a) (b"): comm between the first ( and the last ), ppid after it', () => {
    const text = fs.readFileSync(path.join(PROC, '11568', 'stat'), 'utf8');
    assert.deepEqual(parseProcStat(text), { comm: 'a) (b', state: 'S', ppid: 1, flags: 4194304 });
    const p = readLinuxProcess(11568, fake);
    assert.equal(p?.name, 'a) (b');
    assert.deepEqual(p?.argv, ['./a) (b', '900']);
    assert.equal(p?.exe, '/tmp/h2/a) (b');
  });

  void test('kernel thread (recorded kthreadd): empty cmdline shown as [comm], no exe, numeric user without a passwd file', () => {
    const p = readLinuxProcess(2, fake);
    assert.deepEqual(p, { pid: 2, ppid: 0, name: 'kthreadd', cmdline: '[kthreadd]', argv: [], user: '0', extra: { state: 'S', kind: 'kernel-thread' } });
  });

  void test('cmdline: NUL-separated, trailing NUL optional, NUL padding of a rewritten title dropped (recorded node process.title)', () => {
    assert.deepEqual(parseCmdline(Buffer.from('ping\x00127.0.0.1\x00')), ['ping', '127.0.0.1']);
    assert.deepEqual(parseCmdline(Buffer.from('ping\x00127.0.0.1')), ['ping', '127.0.0.1']);
    assert.deepEqual(parseCmdline(Buffer.from('')), []);
    assert.deepEqual(readLinuxProcess(11571, fake)?.argv, ['isocheck title rewritten']);
  });

  void test('runsc-sandbox (recorded): comm "exe", exe runsc, argv[0] runsc-sandbox, container from cgroup v1', () => {
    const p = readLinuxProcess(7830, fake);
    assert.equal(p?.name, 'exe');
    assert.equal(p?.exe, '/usr/bin/runsc');
    assert.equal(p?.argv?.[0], 'runsc-sandbox');
    assert.equal(p?.container, RUNSC);
    assert.equal(p?.ppid, 7811);
  });

  void test('name rule 1, comm: exact, and the first 15 bytes for longer names (recorded isocheck-very-long-name-sleep)', () => {
    assert.deepEqual(pids({ name: 'ping' }), [7766]);
    assert.deepEqual(pids({ name: 'kthreadd' }), [2]);
    assert.deepEqual(pids({ name: 'isocheck-very-l' }), [11570]);
    assert.deepEqual(pids({ name: 'isocheck-very-long-name-sleep' }), [11570]);
    assert.deepEqual(pids({ name: 'isocheck-very-lXXX' }), [11570], 'documented: same first 15 bytes match by comm');
    assert.deepEqual(pids({ name: 'pin' }), [], 'no prefix match');
    assert.deepEqual(pids({ name: 'PING' }), [], 'no case-insensitive match');
  });

  void test('name rule 2, exe basename: runsc processes, busybox, a deleted binary (recorded)', () => {
    assert.deepEqual(pids({ name: 'runsc' }), [7829, 7830, 7856]);
    assert.deepEqual(pids({ name: 'busybox' }), [7766]);
    assert.deepEqual(pids({ name: 'gone-sleep' }), [11569]);
    assert.deepEqual(pids({ name: 'node' }), [11571]);
  });

  void test('name rule 3, argv[0] basename: runsc-sandbox / runsc-gofer, a rewritten title as a whole (recorded)', () => {
    assert.deepEqual(pids({ name: 'runsc-sandbox' }), [7830]);
    assert.deepEqual(pids({ name: 'runsc-gofer' }), [7829]);
    assert.deepEqual(pids({ name: 'isocheck title rewritten' }), [11571]);
    assert.deepEqual(pids({ name: 'isocheck' }), [], 'not the first word of a rewritten title');
  });

  void test('pattern over argv joined by spaces, [comm] for empty command lines (recorded ptrace stub 7856 and kthreadd)', () => {
    assert.deepEqual(pids({ pattern: /^runsc-sandbox .* boot / }), [7830]);
    assert.deepEqual(pids({ pattern: /^\[exe\]$/ }), [7856]);
    assert.deepEqual(pids({ pattern: /^\[kthreadd\]$/ }), [2]);
    assert.deepEqual(pids({ pattern: /ping 127\.0\.0\.1/g }), [7766]);
    assert.deepEqual(pids({ pattern: /ping 127\.0\.0\.1/g }), [7766], 'a /g pattern gives the same answer twice');
  });

  void test('container: cgroup names the id (full scan when cgroup.procs is not used); combined with name', () => {
    assert.deepEqual(pids({ container: RUNSC }), [7829, 7830, 7856]);
    assert.deepEqual(pids({ container: RUNC }), [7766]);
    assert.deepEqual(pids({ name: 'runsc-sandbox', container: RUNSC }), [7830]);
    assert.deepEqual(pids({ name: 'ping', container: RUNSC }), [], 'the sandboxed ping is not a host process');
    assert.throws(() => queryLinuxProcesses({ container: RUNC.slice(0, 12) }, fake), RangeError);
  });

  void test('pid: exact, with every field; an unknown pid gives []', () => {
    const [p] = queryLinuxProcesses({ pid: 7766 }, fake);
    assert.deepEqual(p, { pid: 7766, ppid: 7747, name: 'ping', cmdline: 'ping 127.0.0.1', argv: ['ping', '127.0.0.1'], exe: '/bin/busybox', user: '0', container: RUNC, extra: { state: 'S' } });
    assert.deepEqual(pids({ pid: 7766, name: 'sleep' }), []);
    assert.deepEqual(pids({ pid: 424242 }), []);
    assert.deepEqual(pids({ pid: 0 }), []);
  });
});

void describe('processes that vanish or are threads', () => {
  let root = '';
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'isocheck-proc-'));
    fs.cpSync(PROC, root, { recursive: true, verbatimSymlinks: true });
    fs.mkdirSync(path.join(root, '424242')); // listed, but its files are gone: vanished between readdir and read
    fs.mkdirSync(path.join(root, '424243'));
    fs.writeFileSync(path.join(root, '424243', 'comm'), 'ping\n'); // vanished after comm was read
    fs.mkdirSync(path.join(root, '7767'));
    for (const f of ['stat', 'cmdline', 'comm', 'cgroup']) fs.copyFileSync(path.join(PROC, '7766', f), path.join(root, '7767', f));
    fs.writeFileSync(path.join(root, '7767', 'status'), 'Name:\tping\nTgid:\t7766\nPid:\t7767\nUid:\t0\t0\t0\t0\n'); // a thread of 7766
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  void test('a PID listed but gone is skipped silently, in scans and in name queries', () => {
    const all = queryLinuxProcesses({}, { procRoot: root }).map((p) => p.pid);
    assert.ok(!all.includes(424242) && !all.includes(424243));
    assert.ok(all.includes(7766) && all.includes(2));
    assert.deepEqual(pids({ name: 'ping' }, { procRoot: root }), [7766, 7767], 'scans list TGIDs only in real /proc; here 7767 is listed');
  });

  void test('a thread id is not a process for a pid query (status Tgid differs)', () => {
    assert.equal(readLinuxProcess(7767, { procRoot: root }), undefined);
    assert.deepEqual(pids({ pid: 7767 }, { procRoot: root }), []);
  });
});

void describe('containerPids: cgroup.procs layouts (constructed from the docker/docs runmetrics.md paths)', () => {
  let root = '';
  const ID = 'ae836c95b4c3c9e9179e0e91015512da89fdec91612f63cebae57df9a5444c79';
  const write = (rel: string, pidsText: string): void => {
    fs.mkdirSync(path.join(root, rel), { recursive: true });
    fs.writeFileSync(path.join(root, rel, 'cgroup.procs'), pidsText);
  };
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'isocheck-cg-'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  void test('v1 cgroupfs under a controller, v2 systemd scope with a nested sub-cgroup, hybrid unified; not found → undefined', () => {
    const v1 = path.join(root, 'v1');
    fs.mkdirSync(v1);
    write(`v1/pids/docker/${RUNC}`, '7766\n11568\n999999\n');
    assert.deepEqual(containerPids(RUNC, { cgroupRoot: v1 }), [7766, 11568, 999999]);
    write(`v2/system.slice/docker-${ID}.scope`, '');
    write(`v2/system.slice/docker-${ID}.scope/init`, '12\n10\n');
    assert.deepEqual(containerPids(ID, { cgroupRoot: path.join(root, 'v2') }), [10, 12]);
    write(`hy/unified/docker/${ID}`, '5\n');
    assert.deepEqual(containerPids(ID, { cgroupRoot: path.join(root, 'hy') }), [5]);
    assert.equal(containerPids(RUNSC, { cgroupRoot: v1 }), undefined);
    assert.equal(containerPids('../../etc', { cgroupRoot: v1 }), undefined, 'only full hex ids are looked up');
  });

  void test('a container query reads only the cgroup.procs PIDs and re-checks their cgroup (stale 999999 and foreign 11568 dropped)', () => {
    const r = queryLinuxProcesses({ container: RUNC }, { procRoot: PROC, cgroupRoot: path.join(root, 'v1') });
    assert.deepEqual(r.map((p) => p.pid), [7766]);
  });
});

void describe('real processes on this machine', () => {
  const kids: ChildProcess[] = [];
  let linkDir = '';
  const start = (file: string, args: string[], opts: { argv0?: string } = {}): ChildProcess => {
    const c = spawn(file, args, { stdio: 'ignore', ...opts });
    kids.push(c);
    return c;
  };
  const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 300));
  after(() => {
    for (const k of kids) k.kill('SIGKILL');
    if (linkDir !== '') fs.rmSync(linkDir, { recursive: true, force: true });
  });

  void test('found by argv0 (spawn argv0 option), comm, pid and pattern; ppid and user are right', async () => {
    const c = start('sleep', ['30'], { argv0: 'isocheck-fake-name' });
    await settle();
    const pid = c.pid ?? -1;
    assert.deepEqual(pids({ name: 'isocheck-fake-name' }, {}), [pid]);
    assert.ok(pids({ name: 'sleep' }, {}).includes(pid), 'comm is still sleep');
    const p = readLinuxProcess(pid);
    assert.equal(p?.name, 'sleep');
    assert.equal(p?.ppid, process.pid);
    assert.deepEqual(p?.argv, ['isocheck-fake-name', '30']);
    assert.equal(p?.user, os.userInfo().username);
    assert.equal(p?.exe !== undefined && path.basename(p.exe), 'sleep');
    assert.deepEqual(pids({ pid }, {}), [pid]);
    assert.deepEqual(pids({ pattern: /^isocheck-fake-name 30$/ }, {}), [pid]);
    assert.deepEqual(pids({ name: 'isocheck-fake-name', pid: process.pid }, {}), []);
  });

  void test('found by `exec -a` (bash: Debian /bin/sh is dash, which has no exec -a)', async () => {
    const c = start('bash', ['-c', 'exec -a isocheck-exec-a sleep 30']);
    await settle();
    assert.deepEqual(pids({ name: 'isocheck-exec-a' }, {}), [c.pid]);
  });

  void test('found by exe basename alone (a symlink: comm is the link name, exe the resolved sleep)', async () => {
    linkDir = fs.mkdtempSync(path.join(os.tmpdir(), 'isocheck-link-'));
    const sleepPath = fs.realpathSync('/bin/sleep');
    const link = path.join(linkDir, 'isocheck-linked-sleeper');
    fs.symlinkSync(sleepPath, link);
    const c = start(link, ['30']);
    await settle();
    const p = readLinuxProcess(c.pid ?? -1);
    assert.equal(p?.name, 'isocheck-linked', 'comm is the link name cut to 15 bytes');
    assert.equal(p?.exe, sleepPath);
    assert.ok(pids({ name: path.basename(sleepPath) }, {}).includes(c.pid ?? -1));
    assert.deepEqual(pids({ name: 'isocheck-linked-sleeper' }, {}), [c.pid], 'argv[0] (the link path) and comm also match');
  });

  void test('a vanished pid is skipped: no error, no result', async () => {
    const c = start('sleep', ['30']);
    const pid = c.pid ?? -1;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await exited;
    assert.equal(readLinuxProcess(pid), undefined);
    assert.deepEqual(pids({ pid }, {}), []);
  });

  void test("a thread of this Node process is not a process (its TID is readable in /proc but not listed)", () => {
    const tids = fs.readdirSync(`/proc/${process.pid}/task`).map(Number).filter((t) => t !== process.pid);
    assert.ok(tids.length > 0, 'node has worker threads');
    assert.equal(readLinuxProcess(tids[0] ?? -1), undefined);
    assert.ok(readLinuxProcess(process.pid) !== undefined);
  });
});
