import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nameMatches, renderProcessTable, selectProcesses } from '../../src/execute/select.js';
import { compileRegex } from '../../src/format/regex.js';
import { HOST_PING, PING_OF_PROC, proc, PROC_ID, SANDBOX_OF_SBX, SBX_ID } from './fixtures.js';

void describe('nameMatches (Linux)', () => {
  void it('matches the name, the exe basename or the argv[0] basename exactly', () => {
    assert.equal(nameMatches(proc(1, 'ping'), 'ping', false), true);
    // busybox applets: comm is "ping", exe is /bin/busybox
    assert.equal(nameMatches(PING_OF_PROC, 'busybox', false), true);
    // runsc rewrites argv[0]; comm is "exe", exe is /usr/bin/runsc
    assert.equal(nameMatches(SANDBOX_OF_SBX, 'runsc-sandbox', false), true);
    assert.equal(nameMatches(SANDBOX_OF_SBX, 'runsc', false), true);
    assert.equal(nameMatches(SANDBOX_OF_SBX, 'exe', false), true);
    assert.equal(nameMatches(proc(1, 'x', { argv: ['/usr/local/bin/node', 'a.js'] }), 'node', false), true);
  });

  void it('does not match substrings, prefixes or suffixes', () => {
    assert.equal(nameMatches(proc(1, 'ping'), 'pin', false), false);
    assert.equal(nameMatches(proc(1, 'ping6'), 'ping', false), false);
    assert.equal(nameMatches(proc(1, 'ping', { argv: ['ping6'], exe: '/bin/ping6' }), 'ping6', false), true);
    assert.equal(nameMatches(proc(1, 'xping'), 'ping', false), false);
    assert.equal(nameMatches(proc(1, 'sh', { argv: ['sh', '-c', 'ping 1.1.1.1'] }), 'ping', false), false);
    assert.equal(nameMatches(SANDBOX_OF_SBX, 'runsc-gofer', false), false);
    assert.equal(nameMatches(proc(1, 'runsc-sandbox'), 'runsc', false), false);
  });

  void it('is case- and .exe-sensitive on Linux', () => {
    assert.equal(nameMatches(proc(1, 'ping'), 'PING', false), false);
    assert.equal(nameMatches(proc(1, 'ping'), 'ping.exe', false), false);
  });

  void it('a kernel thread (empty argv, no exe) matches by name only', () => {
    const kthread = proc(2, 'kthreadd', { argv: [], cmdline: '' });
    assert.equal(nameMatches(kthread, 'kthreadd', false), true);
    assert.equal(nameMatches(kthread, '', false), false);
  });
});

void describe('nameMatches (Windows)', () => {
  void it('ignores case and a trailing .exe, as Get-Process does', () => {
    // docker top on Windows shows image names like PING.EXE; Get-Process shows ProcessName "PING"
    const top = proc(3964, 'PING.EXE');
    for (const want of ['ping', 'PING', 'Ping.exe', 'ping.EXE']) assert.equal(nameMatches(top, want, true), true, want);
    assert.equal(nameMatches(proc(1, 'vmwp', { exe: 'C:\\Windows\\System32\\vmwp.exe' }), 'VMWP', true), true);
    assert.equal(nameMatches(proc(1, 'x', { exe: 'C:\\Windows\\System32\\PING.EXE' }), 'ping', true), true);
  });

  void it('still does not match substrings', () => {
    assert.equal(nameMatches(proc(1, 'PING.EXE'), 'pin', true), false);
    assert.equal(nameMatches(proc(1, 'vmwp'), 'vmw', true), false);
    assert.equal(nameMatches(proc(1, 'vmwpx'), 'vmwp', true), false);
    assert.equal(nameMatches(proc(1, 'ping.exe.bak'), 'ping', true), false);
  });
});

void describe('selectProcesses', () => {
  const table = [PING_OF_PROC, HOST_PING, SANDBOX_OF_SBX, proc(2736, 'ping', { argv: ['ping', '-c', '1', '10.0.0.1'], container: SBX_ID }), proc(1, 'init', { argv: ['/sbin/init'] })];

  void it('by name', () => {
    assert.deepEqual(selectProcesses(table, { name: 'ping' }, false).map((p) => p.pid), [2735, 901, 2736]);
  });

  void it('by pid', () => {
    assert.deepEqual(selectProcesses(table, { pid: 2735 }, false), [PING_OF_PROC]);
    assert.deepEqual(selectProcesses(table, { pid: 273 }, false), []);
  });

  void it('by pattern over the command line (RE2, as a step compiles it)', () => {
    assert.deepEqual(selectProcesses(table, { pattern: compileRegex('127\\.0\\.0\\.1$') }, false), [PING_OF_PROC]);
    assert.deepEqual(selectProcesses(table, { pattern: compileRegex('runtime-runc') }, false), [SANDBOX_OF_SBX]);
  });

  void it('a catastrophic pattern over a 50 kB command line answers (no backtracking)', () => {
    const hostile = { ...HOST_PING, pid: 4242, cmdline: `sh ${'a'.repeat(50_000)}!` };
    assert.deepEqual(selectProcesses([...table, hostile], { pattern: compileRegex('(a+)+$') }, false), []);
    assert.deepEqual(selectProcesses([...table, hostile], { pattern: compileRegex('(a+)+!$') }, false), [hostile]);
  });

  void it('by container', () => {
    assert.deepEqual(selectProcesses(table, { container: SBX_ID }, false).map((p) => p.pid), [11568, 2736]);
    assert.deepEqual(selectProcesses(table, { container: PROC_ID }, false), [PING_OF_PROC]);
  });

  void it('all given fields must match', () => {
    assert.deepEqual(selectProcesses(table, { name: 'ping', container: SBX_ID }, false).map((p) => p.pid), [2736]);
    assert.deepEqual(selectProcesses(table, { name: 'ping', pid: 901, container: SBX_ID }, false), []);
    assert.deepEqual(selectProcesses(table, { name: 'ping', pattern: compileRegex('8\\.8') }, false), [HOST_PING]);
  });

  void it('an empty selector selects everything, and the input is not changed', () => {
    const copy = [...table];
    assert.equal(selectProcesses(table, {}, false).length, table.length);
    assert.deepEqual(table, copy);
  });
});

void describe('renderProcessTable', () => {
  void it('has the PID, PPID, NAME, CONTAINER and COMMAND columns, aligned', () => {
    const text = renderProcessTable([PING_OF_PROC, { ...HOST_PING, ppid: 1 }], (id) => (id === PROC_ID ? 'proc 7b1c00aa11bb' : '?'));
    const lines = text.split('\n');
    assert.equal(lines.at(-1), '', 'ends with a newline');
    assert.deepEqual(lines[0]?.split(/\s+/), ['PID', 'PPID', 'NAME', 'CONTAINER', 'COMMAND']);
    assert.match(lines[1] ?? '', /^2735\s+-\s+ping\s+proc 7b1c00aa11bb\s+ping 127\.0\.0\.1$/);
    assert.match(lines[2] ?? '', /^901\s+1\s+ping\s+-\s+\/usr\/bin\/ping 8\.8\.8\.8$/);
    const col = (l: string | undefined, what: string): number => (l ?? '').indexOf(what);
    assert.equal(col(lines[0], 'COMMAND'), col(lines[1], 'ping 127'));
    assert.equal(col(lines[0], 'CONTAINER'), col(lines[1], 'proc 7b1c'));
  });

  void it('shows a kernel thread in brackets and an empty table as its header', () => {
    assert.match(renderProcessTable([proc(2, 'kthreadd', { cmdline: '' })], () => ''), /\[kthreadd\]\n$/);
    assert.equal(renderProcessTable([], () => ''), 'PID  PPID  NAME  CONTAINER  COMMAND\n');
  });
});
