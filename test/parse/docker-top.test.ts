import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDockerTop } from '../../src/parse/docker-top.js';
import { ParseError } from '../../src/parse/errors.js';
import { recorded } from './recorded.js';

void test('linux: runc container (recorded linux/docker-top-runc.txt): host PIDs, name from CMD, other columns in extra', () => {
  const ps = parseDockerTop(recorded('linux/docker-top-runc.txt'), 'linux');
  assert.deepEqual(
    ps.map((p) => [p.pid, p.ppid, p.name, p.user, p.cmdline]),
    [
      [7766, 7747, 'ping', 'root', 'ping 127.0.0.1'],
      [8020, 7747, 'sleep', 'root', 'sleep 300'],
    ],
  );
  assert.deepEqual(ps[0]?.argv, ['ping', '127.0.0.1']);
  assert.deepEqual(ps[0]?.extra, { C: '0', STIME: '01:10', TTY: '?', TIME: '00:00:00' });
});

void test('linux: the wrong runsc view (recorded linux/docker-top-runsc-wrong-view*.txt) parses as what it is: host PID 1 and a kernel thread', () => {
  const one = parseDockerTop(recorded('linux/docker-top-runsc-wrong-view.txt'), 'linux');
  assert.equal(one.length, 1);
  assert.equal(one[0]?.pid, 1);
  assert.equal(one[0]?.name, 'process_api', 'basename of /process_api');
  const two = parseDockerTop(recorded('linux/docker-top-runsc-wrong-view-two.txt'), 'linux');
  const kw = two.find((p) => p.pid === 4);
  assert.equal(kw?.name, 'kworker/R-rcu_gp');
  assert.deepEqual(kw?.argv, []);
  assert.equal(kw?.extra?.kind, 'kernel-thread');
});

void test('linux: ps options (recorded -o pid,comm,args and aux): PID and the last command column are found', () => {
  const o = parseDockerTop(recorded('linux/docker-top-runc-o-pid-comm-args.txt'), 'linux');
  assert.deepEqual(o.map((p) => [p.pid, p.name, p.cmdline, p.extra?.COMMAND]), [
    [7766, 'ping', 'ping 127.0.0.1', 'ping'],
    [8020, 'sleep', 'sleep 300', 'sleep'],
  ]);
  assert.equal(o[0]?.ppid, undefined);
  const aux = parseDockerTop(recorded('linux/docker-top-runc-aux.txt'), 'linux');
  assert.equal(aux[1]?.pid, 8020);
  assert.equal(aux[1]?.user, 'root');
  assert.equal(aux[1]?.extra?.STAT, 'Ss');
  assert.equal(aux[1]?.extra?.['%CPU'], '2.2');
});

void test('linux: zombie rows are recognised (format of procps args for a defunct process)', () => {
  const text = 'UID                 PID                 PPID                C                   STIME               TTY                 TIME                CMD\nroot                8100                7766                0                   01:12               ?                   00:00:00            [sh] <defunct>\n';
  const [z] = parseDockerTop(text, 'linux');
  assert.equal(z?.name, 'sh');
  assert.equal(z?.extra?.kind, 'defunct');
});

void test('windows: recorded docker top (BC-only blog post): ProcessName form, case kept, CPU and memory in extra', () => {
  const ps = parseDockerTop(recorded('windows/docker-top-bc-only.txt'), 'windows');
  assert.equal(ps.length, 25);
  assert.deepEqual(ps[0], { pid: 5204, name: 'smss', cmdline: 'smss.exe', extra: { Name: 'smss.exe', CPU: '00:00:00.062', 'Private Working Set': '299kB' } });
  assert.equal(ps.find((p) => p.pid === 9556)?.name, 'CExecSvc');
  assert.equal(ps.find((p) => p.pid === 5976)?.name, 'SppExtComObj', '".Exe" is stripped whatever its case');
  assert.equal(ps.find((p) => p.pid === 2828)?.name, 'Microsoft.BusinessCentral.Reporting.Service');
  assert.equal(ps.find((p) => p.pid === 8136)?.extra?.['Private Working Set'], '2.079GB');
});

void test('windows: PING.EXE as moby prints it (constructed in the top_windows.go format: Name padded to 20, CPU HH:MM:SS.mmm, HumanSize memory)', () => {
  const text = 'Name                PID                 CPU                 Private Working Set\nPING.EXE            3964                00:00:00.031        528.4kB\n';
  assert.deepEqual(parseDockerTop(text, 'windows'), [
    { pid: 3964, name: 'PING', cmdline: 'PING.EXE', extra: { Name: 'PING.EXE', CPU: '00:00:00.031', 'Private Working Set': '528.4kB' } },
  ]);
});

void test('headers only → []; empty output, the seed page\'s simplified "3964 ping", and a wrong OS throw ParseError', () => {
  assert.deepEqual(parseDockerTop('UID                 PID                 PPID                C                   STIME               TTY                 TIME                CMD\n', 'linux'), []);
  assert.deepEqual(parseDockerTop('Name                PID                 CPU                 Private Working Set\n', 'windows'), []);
  assert.throws(() => parseDockerTop('', 'linux'), ParseError);
  assert.throws(() => parseDockerTop(recorded('windows/seed-docker-top-simplified.txt'), 'windows'), ParseError);
  assert.throws(() => parseDockerTop(recorded('windows/seed-docker-top-simplified.txt'), 'linux'), ParseError);
  assert.throws(() => parseDockerTop(recorded('linux/docker-top-runc.txt'), 'windows'), /Name and PID/);
});

void test('garbage in a PID cell is a ParseError carrying the line', () => {
  const text = 'PID                 CMD\nabc                 ping\n';
  assert.throws(
    () => parseDockerTop(text, 'linux'),
    (e: unknown) => e instanceof ParseError && e.line === 'abc                 ping' && e.code === 'output-unparseable',
  );
});
