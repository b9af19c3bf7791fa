import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRunscPs } from '../../src/parse/runsc-ps.js';
import { parseBusyboxPs } from '../../src/parse/busybox-ps.js';
import { ParseError } from '../../src/parse/errors.js';
import { recorded } from './recorded.js';

void test('runsc ps (recorded linux/runsc-ps.txt, runsc-ps-two.txt): sandbox PIDs, numeric UID, name from CMD', () => {
  assert.deepEqual(parseRunscPs(recorded('linux/runsc-ps.txt')), [
    { pid: 1, ppid: 0, name: 'ping', argv: ['ping'], cmdline: 'ping', user: '0', extra: { C: '0', TTY: '?', STIME: '01:10', TIME: '0s' } },
  ]);
  const two = parseRunscPs(recorded('linux/runsc-ps-two.txt'));
  assert.deepEqual(two.map((p) => [p.pid, p.name, p.extra?.TIME]), [
    [1, 'ping', '70ms'],
    [4, 'sleep', '0s'],
  ]);
});

void test('runsc ps: empty output and a missing PID column throw', () => {
  assert.throws(() => parseRunscPs(''), ParseError);
  assert.throws(() => parseRunscPs('UID       CMD\n0         ping\n'), /no PID column/);
});

void test('busybox ps inside runc and runsc containers (recorded): right-aligned PID, numeric USER', () => {
  assert.deepEqual(parseBusyboxPs(recorded('linux/busybox-ps-runc.txt')), [
    { pid: 1, name: 'ping', argv: ['ping', '127.0.0.1'], cmdline: 'ping 127.0.0.1', user: '0' },
    { pid: 14, name: 'sleep', argv: ['sleep', '300'], cmdline: 'sleep 300', user: '0' },
    { pid: 20, name: 'ps', argv: ['ps'], cmdline: 'ps', user: '0' },
  ]);
  const sbx = parseBusyboxPs(recorded('linux/busybox-ps-runsc.txt'));
  assert.deepEqual(sbx.map((p) => [p.pid, p.name]), [
    [1, 'ping'],
    [4, 'sleep'],
    [5, 'ps'],
  ]);
});

void test('busybox ps with TIME, {comm} and kernel threads (rows recorded in docker/for-win#2124; header line added: busybox "PID   USER     TIME  COMMAND")', () => {
  const text = `PID   USER     TIME  COMMAND\n${recorded('linux/busybox-ps-linuxkit-excerpt.txt')}`;
  const ps = parseBusyboxPs(text);
  assert.equal(ps.length, 8);
  const getty = ps.find((p) => p.pid === 681);
  assert.equal(getty?.name, 'sh', 'name from argv[0] /bin/sh');
  assert.equal(getty?.extra?.comm, 'rungetty.sh');
  assert.deepEqual(getty?.argv, ['/bin/sh', '/usr/bin/rungetty.sh']);
  assert.equal(getty?.extra?.TIME, '0:00');
  const kt = ps.find((p) => p.pid === 325);
  assert.equal(kt?.name, 'hv_balloon');
  assert.equal(kt?.extra?.kind, 'kernel-thread');
  assert.equal(ps.find((p) => p.pid === 1362)?.extra?.TIME, '2:57');
});

void test('procps ps -o pid,user,args layout (right-aligned PID under a right-aligned header) parses too', () => {
  // constructed in the procps `ps -o pid,user,args` format (header "    PID USER     COMMAND")
  const ps = parseBusyboxPs('    PID USER     COMMAND\n      1 root     /sbin/init splash\n 123456 www-data nginx: worker process\n');
  assert.deepEqual(ps.map((p) => [p.pid, p.user, p.name, p.cmdline]), [
    [1, 'root', 'init', '/sbin/init splash'],
    [123456, 'www-data', 'nginx:', 'nginx: worker process'],
  ]);
});

void test('busybox ps: no header, no PID, or a non-numeric PID throw ParseError', () => {
  assert.throws(() => parseBusyboxPs('\n'), ParseError);
  assert.throws(() => parseBusyboxPs('USER COMMAND\nroot sh\n'), /no PID/);
  assert.throws(() => parseBusyboxPs('PID   USER     COMMAND\n  x   root     sh\n'), (e: unknown) => e instanceof ParseError && e.line === '  x   root     sh');
});
