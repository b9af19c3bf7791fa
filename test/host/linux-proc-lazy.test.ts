// Name, pattern and container queries read cmdline, cgroup, exe and status on first use. These
// tests check that a lazily filled process is the same record an eager (pid) query gives, and what
// happens when the process changes between the scan and the fill: it exits (real processes), or
// its PID is reused or it execs (recorded /proc files of this machine, rewritten in a copy).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { inspect } from 'node:util';
import type { ChildProcess } from 'node:child_process';
import { IsocheckError } from '../../src/errors.js';
import { queryLinuxProcesses } from '../../src/host/linux-proc.js';
import { RECORDED } from '../parse/recorded.js';

const PROC = path.join(RECORDED, 'linux', 'proc');
const RUNC = '298855edde54628e8d29c749dfd235c5ba0bec9f2a3d1d7cfef98eaf08fa67c6';
const RUNSC = '38d48411af21cb7ebac3e1a04c304740cd96340d7fafdd639bd13f278e3d0f78';
const pids = (q: Parameters<typeof queryLinuxProcesses>[0], procRoot: string): number[] => queryLinuxProcesses(q, { procRoot }).map((p) => p.pid);

void describe('lazy fields on recorded /proc files', () => {
  let root = '';
  const copy = (): string => {
    const dir = fs.mkdtempSync(path.join(root, 'proc-'));
    fs.cpSync(PROC, dir, { recursive: true, verbatimSymlinks: true });
    return dir;
  };
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'isocheck-lazy-'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  void test('a lazily filled process equals the pid query record: fields, keys and their order, JSON', () => {
    for (const [q, pid] of [[{ name: 'ping' }, 7766], [{ name: 'runsc-sandbox' }, 7830], [{ name: 'kthreadd' }, 2], [{ pattern: /^\[exe\]$/ }, 7856], [{ container: RUNC }, 7766]] as const) {
      const [lazy] = queryLinuxProcesses(q, { procRoot: PROC });
      const [eager] = queryLinuxProcesses({ pid }, { procRoot: PROC });
      assert.deepEqual(lazy, eager, `${JSON.stringify(q)}`);
      assert.deepEqual(Object.keys(lazy ?? {}), Object.keys(eager ?? {}));
      assert.equal(JSON.stringify(lazy), JSON.stringify(eager));
    }
    const [p] = queryLinuxProcesses({ name: 'runsc-sandbox' }, { procRoot: PROC });
    assert.equal(p?.container, RUNSC);
    assert.ok(p !== undefined && 'exe' in p && !('nothing' in p));
    assert.deepEqual({ ...p }, queryLinuxProcesses({ pid: 7830 }, { procRoot: PROC })[0]);
    const [shown] = queryLinuxProcesses({ name: 'ping' }, { procRoot: PROC });
    assert.equal(inspect(shown), inspect(queryLinuxProcesses({ pid: 7766 }, { procRoot: PROC })[0]), 'console.log shows the fields too');
  });

  void test('a PID reused between the scan and the fill (another start time): only what the scan read is kept', () => {
    const dir = copy();
    const [p] = queryLinuxProcesses({ name: 'ping' }, { procRoot: dir });
    const stat = fs.readFileSync(path.join(dir, '7766', 'stat'), 'utf8').split(' ');
    stat[21] = String(Number(stat[21]) + 100);
    fs.writeFileSync(path.join(dir, '7766', 'stat'), stat.join(' '));
    fs.writeFileSync(path.join(dir, '7766', 'cmdline'), 'other\0process\0');
    assert.equal(p?.pid, 7766);
    assert.equal(p?.name, 'ping');
    assert.equal(p?.ppid, 7747);
    assert.equal(p?.cmdline, '[ping]', 'not the new process\'s command line');
    assert.equal(p?.argv, undefined);
    assert.equal(p?.container, undefined);
    assert.equal(p?.exe, undefined);
    assert.equal(p?.user, undefined);
  });

  void test('an exec between the scan and the fill (same start time, another comm) is not the process matched', () => {
    const dir = copy();
    const [p] = queryLinuxProcesses({ name: 'ping' }, { procRoot: dir });
    fs.writeFileSync(path.join(dir, '7766', 'stat'), fs.readFileSync(path.join(dir, '7766', 'stat'), 'utf8').replace('(ping)', '(sh)'));
    assert.equal(p?.cmdline, '[ping]');
  });

  void test('eager fields are read with the scan: a process gone before first use keeps its container', () => {
    const dir = copy();
    const [owned] = queryLinuxProcesses({ name: 'ping', eager: ['container'] }, { procRoot: dir });
    const [lazy] = queryLinuxProcesses({ name: 'ping' }, { procRoot: dir });
    fs.rmSync(path.join(dir, '7766'), { recursive: true });
    assert.equal(owned?.container, RUNC);
    assert.equal(owned?.cmdline, 'ping 127.0.0.1', 'cmdline is in the same group as container');
    assert.equal(lazy?.container, undefined, 'gone before its cgroup was read');
    assert.equal(lazy?.cmdline, '[ping]');
  });

  void test('an unreadable file found on first use is host-query-failed, like one found by the scan', () => {
    const dir = copy();
    const [p] = queryLinuxProcesses({ name: 'ping' }, { procRoot: dir });
    fs.rmSync(path.join(dir, '7766', 'cgroup'));
    fs.mkdirSync(path.join(dir, '7766', 'cgroup'));
    assert.throws(() => p?.container, (e: unknown) => e instanceof IsocheckError && e.code === 'host-query-failed' && /EISDIR/.test(e.message));
  });
});

void describe('name scan read order (stat instead of comm after a comm match)', () => {
  let root = '';
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'isocheck-order-'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));
  const procWith = (extra: Record<string, { from: string; files?: Record<string, string | null> }>): string => {
    const dir = fs.mkdtempSync(path.join(root, 'proc-'));
    fs.cpSync(PROC, dir, { recursive: true, verbatimSymlinks: true });
    for (const [pid, { from, files }] of Object.entries(extra)) {
      fs.cpSync(path.join(PROC, from), path.join(dir, pid), { recursive: true, verbatimSymlinks: true });
      for (const [f, text] of Object.entries(files ?? {})) {
        fs.rmSync(path.join(dir, pid, f));
        if (text === null) fs.mkdirSync(path.join(dir, pid, f));
        else if (text !== '') fs.writeFileSync(path.join(dir, pid, f), text);
      }
    }
    return dir;
  };

  void test('right after a comm match, a process named only by argv[0] or exe still matches; a kernel thread does not', () => {
    // After ping 7766: 7767, a runsc-sandbox copy whose argv[0] is ping; 7768, a ping copy; 7769, a kthreadd copy.
    const dir = procWith({ '7767': { from: '7830', files: { cmdline: 'ping\0-c\x001\0' } }, '7768': { from: '7766' }, '7769': { from: '2' } });
    assert.deepEqual(pids({ name: 'ping' }, dir), [7766, 7767, 7768]);
    assert.deepEqual(pids({ name: 'runsc' }, dir), [7767, 7829, 7830, 7856]);
    assert.deepEqual(pids({ name: 'kthreadd' }, dir), [2, 7769]);
    assert.deepEqual(pids({ name: 'runsc-sandbox' }, dir), [7830]);
    const p = queryLinuxProcesses({ name: 'ping' }, { procRoot: dir })[1];
    assert.deepEqual(p?.argv, ['ping', '-c', '1']);
    assert.equal(p?.name, 'exe');
  });

  void test('right after a comm match, a process whose stat is gone is skipped, and an unreadable one is an error', () => {
    const gone = procWith({ '7767': { from: '7766', files: { stat: '' } } });
    assert.deepEqual(pids({ name: 'ping' }, gone), [7766]);
    const broken = procWith({ '7767': { from: '7766', files: { stat: '', comm: null } } });
    assert.throws(() => queryLinuxProcesses({ name: 'ping' }, { procRoot: broken }), (e: unknown) => e instanceof IsocheckError && e.code === 'host-query-failed' && /EISDIR/.test(e.message));
  });
});

void describe('lazy fields of real processes', () => {
  const kids: ChildProcess[] = [];
  const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 300));
  after(() => {
    for (const k of kids) k.kill('SIGKILL');
  });

  void test('`exec -a` renamed sleep: found by argv[0], every field right on first use', async () => {
    const c = spawn('bash', ['-c', 'exec -a isocheck-lazy-a sleep 30'], { stdio: 'ignore' });
    kids.push(c);
    await settle();
    const found = queryLinuxProcesses({ name: 'isocheck-lazy-a' });
    assert.deepEqual(found.map((p) => p.pid), [c.pid]);
    const [p] = found;
    assert.equal(p?.name, 'sleep');
    assert.equal(p?.ppid, process.pid);
    assert.equal(p?.cmdline, 'isocheck-lazy-a 30');
    assert.deepEqual(p?.argv, ['isocheck-lazy-a', '30']);
    assert.equal(p?.exe !== undefined && path.basename(p.exe), 'sleep');
    assert.equal(p?.user, os.userInfo().username);
    assert.deepEqual(p, queryLinuxProcesses({ pid: c.pid ?? -1 })[0]);
  });

  void test('a process that exits between the scan and the fill stays counted, with what the scan read; nothing throws', async () => {
    const c = spawn('bash', ['-c', 'exec -a isocheck-lazy-exit sleep 30'], { stdio: 'ignore' });
    kids.push(c);
    await settle();
    const found = queryLinuxProcesses({ name: 'isocheck-lazy-exit' });
    assert.equal(found.length, 1);
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await exited;
    const [p] = found;
    assert.equal(p?.pid, c.pid);
    assert.equal(p?.name, 'sleep');
    assert.deepEqual(p?.argv, ['isocheck-lazy-exit', '30'], 'argv[0] matched, so the scan read the command line');
    assert.equal(p?.container, undefined);
    assert.equal(p?.user, undefined);
    assert.deepEqual(queryLinuxProcesses({ name: 'isocheck-lazy-exit' }), [], 'a new query does not find it');
  });
});
