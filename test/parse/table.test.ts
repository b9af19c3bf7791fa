import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTable } from '../../src/parse/table.js';
import { ParseError } from '../../src/parse/errors.js';
import { recorded } from './recorded.js';

void test('tabwriter table (recorded: docker top of a runc container, linux/docker-top-runc.txt) splits by offsets, CMD keeps its spaces', () => {
  const t = parseTable(recorded('linux/docker-top-runc.txt'));
  assert.deepEqual(t.headers, ['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD']);
  assert.deepEqual(t.split, ['offsets', 'offsets']);
  assert.equal(t.rows[0]?.PID, '7766');
  assert.equal(t.rows[0]?.CMD, 'ping 127.0.0.1');
  assert.equal(t.rows[1]?.CMD, 'sleep 300');
  assert.equal(t.rows[1]?.TTY, '?');
});

void test('repeated headers get unique keys (recorded: docker top -o pid,comm,args prints COMMAND twice)', () => {
  const t = parseTable(recorded('linux/docker-top-runc-o-pid-comm-args.txt'));
  assert.deepEqual(t.headers, ['PID', 'COMMAND', 'COMMAND']);
  assert.deepEqual(t.columns.map((c) => c.key), ['PID', 'COMMAND', 'COMMAND#2']);
  assert.deepEqual(t.rows[0], { PID: '7766', COMMAND: 'ping', 'COMMAND#2': 'ping 127.0.0.1' });
});

void test('multi-word header and widened column (recorded: Windows docker top from the BC-only blog post)', () => {
  const t = parseTable(recorded('windows/docker-top-bc-only.txt'));
  assert.deepEqual(t.headers, ['Name', 'PID', 'CPU', 'Private Working Set']);
  assert.equal(t.rows.length, 25);
  const rs = t.rows.find((r) => r.PID === '2828');
  assert.equal(rs?.Name, 'Microsoft.BusinessCentral.Reporting.Service.exe');
  assert.equal(rs?.['Private Working Set'], '21.46MB');
  assert.ok(t.split.every((s) => s === 'offsets'));
});

void test('right-aligned numbers, blank cells and a dashed rule (recorded: Get-Process tables from PowerShell-Docs)', () => {
  const t = parseTable(recorded('windows/get-process-ps51-remote-blank-cpu.txt'));
  assert.equal(t.rows.length, 3, 'the ------- rule is not a row');
  assert.equal(t.rows[0]?.['CPU(s)'], '', 'blank CPU(s) stays blank instead of shifting Id left');
  assert.equal(t.rows[0]?.Id, '3700');
  assert.equal(t.rows[2]?.['CPU(s)'], '7.11');
  assert.deepEqual(t.split, ['offsets', 'offsets', 'offsets']);
  const idle = parseTable(recorded('windows/get-process-ps51-idle.txt'));
  assert.equal(idle.rows[0]?.Id, '0');
  assert.equal(idle.rows[0]?.ProcessName, 'Idle');
});

void test('a value wider than its column falls back to 2+ space gaps (constructed from the docker-top-runc.txt layout, PID widened into PPID)', () => {
  const text = [
    'UID                 PID                 PPID                C                   STIME               TTY                 TIME                CMD',
    'root                7766                7747                0                   01:10               ?                   00:00:00            ping 127.0.0.1',
    'root                12345678901234567890123  7747           0                   01:10               ?                   00:00:00            sleep  300',
  ].join('\n');
  const t = parseTable(text);
  assert.deepEqual(t.split, ['offsets', 'gaps']);
  assert.equal(t.rows[1]?.PID, '12345678901234567890123');
  assert.equal(t.rows[1]?.PPID, '7747');
  assert.equal(t.rows[1]?.CMD, 'sleep  300', 'the last column keeps its inner spacing');
});

void test('single-space separated columns fall back to words (recorded: busybox ps in a runc container)', () => {
  const t = parseTable(recorded('linux/busybox-ps-runc.txt'));
  assert.deepEqual(t.headers, ['PID', 'USER', 'COMMAND']);
  assert.equal(t.split[0], 'words');
  assert.deepEqual(t.rows[0], { PID: '1', USER: '0', COMMAND: 'ping 127.0.0.1' });
});

void test('BOM, CRLF, leading and trailing blank lines are ignored; blank text gives no header', () => {
  const t = parseTable('\uFEFF\r\nPID   CMD\r\n1     init\r\n\r\n');
  assert.deepEqual(t.headers, ['PID', 'CMD']);
  assert.deepEqual(t.rows, [{ PID: '1', CMD: 'init' }]);
  assert.deepEqual(parseTable('  \n\n').headers, []);
});

void test('a row with too few cells is a ParseError naming the line (a short row whose words sit in columns is kept, blank cells empty)', () => {
  assert.deepEqual(parseTable('UID   PID   PPID   CMD\nroot\n').rows, [{ UID: 'root', PID: '', PPID: '', CMD: '' }]);
  assert.throws(
    () => parseTable('UID   PID   PPID   CMD\n    x\n', { format: 'docker top' }),
    (e: unknown) => e instanceof ParseError && e.line === '    x' && e.lineNumber === 2 && /docker top/.test(e.message),
  );
});
