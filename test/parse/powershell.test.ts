import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  WINDOWS_PROCESS_SCRIPT,
  isNoProcessFoundError,
  noProcessFoundNames,
  parseGetProcessTable,
  parsePowerShellProcessJson,
  windowsProcessQueryArgv,
} from '../../src/parse/powershell.js';
import { ParseError } from '../../src/parse/errors.js';
import { recorded } from './recorded.js';

void test('the query is fixed: one argv element, no double quotes, no interpolation, JSON array output', () => {
  assert.deepEqual(windowsProcessQueryArgv(), ['powershell.exe', '-NoLogo', '-NoProfile', '-NonInteractive', '-Command', WINDOWS_PROCESS_SCRIPT]);
  assert.equal(windowsProcessQueryArgv('pwsh')[0], 'pwsh');
  assert.ok(!WINDOWS_PROCESS_SCRIPT.includes('"'), 'no double quotes: they are parsed differently by powershell.exe versions');
  assert.ok(!WINDOWS_PROCESS_SCRIPT.includes('\n'), 'one line');
  assert.match(WINDOWS_PROCESS_SCRIPT, /ConvertTo-Json -Compress -Depth 2 -InputObject @\(\$r\)/);
  assert.match(WINDOWS_PROCESS_SCRIPT, /Get-Process/);
  assert.match(WINDOWS_PROCESS_SCRIPT, /Win32_Process/);
});

void test('recorded Get-Process JSON (IsyMotron e1_getprocess.json, PS 5.1, one object not in an array)', () => {
  assert.deepEqual(parsePowerShellProcessJson(recorded('windows/isymotron-e1_getprocess.json')), [
    {
      pid: 16828,
      name: 'Notepad',
      exe: 'C:\\Program Files\\WindowsApps\\Microsoft.WindowsNotepad_11.2607.14.0_x64__8wekyb3d8bbwe\\Notepad\\Notepad.exe',
      cmdline: 'C:\\Program Files\\WindowsApps\\Microsoft.WindowsNotepad_11.2607.14.0_x64__8wekyb3d8bbwe\\Notepad\\Notepad.exe',
    },
  ]);
});

void test('recorded Win32_Process JSON (IsyMotron e1_wmi.json): ProcessId, Name without .exe, ExecutablePath, ParentProcessId', () => {
  const [p] = parsePowerShellProcessJson(recorded('windows/isymotron-e1_wmi.json'));
  assert.equal(p?.pid, 16828);
  assert.equal(p?.name, 'Notepad');
  assert.equal(p?.ppid, 20256);
  assert.match(p?.exe ?? '', /Notepad\.exe$/);
});

// Constructed from the IsyMotron format: what WINDOWS_PROCESS_SCRIPT prints (compressed array).
const QUERY_OUTPUT =
  '[{"Id":0,"ProcessName":"Idle","Path":null,"SessionId":0,"ParentProcessId":null,"CommandLine":null},' +
  '{"Id":2376,"ProcessName":"vmwp","Path":"C:\\\\Windows\\\\System32\\\\vmwp.exe","SessionId":0,"ParentProcessId":1880,"CommandLine":"\\"C:\\\\Windows\\\\System32\\\\vmwp.exe\\" 5D5611E3-0000-0000-0000-000000000000"},' +
  '{"Id":3964,"ProcessName":"PING","Path":"C:\\\\Windows\\\\System32\\\\PING.EXE","SessionId":3,"ParentProcessId":3900,"CommandLine":"ping localhost -t"}]\r\n';

void test('query output (constructed from the IsyMotron format): null Path, CommandLine and SessionId kept, trailing CRLF', () => {
  const ps = parsePowerShellProcessJson(QUERY_OUTPUT);
  assert.deepEqual(ps[0], { pid: 0, name: 'Idle', cmdline: 'Idle', extra: { SessionId: '0' } });
  assert.deepEqual(ps[2], {
    pid: 3964,
    name: 'PING',
    exe: 'C:\\Windows\\System32\\PING.EXE',
    ppid: 3900,
    cmdline: 'ping localhost -t',
    extra: { CommandLine: 'ping localhost -t', SessionId: '3' },
  });
});

void test('BOM, a single object, [] and non-ASCII escapes are accepted (constructed)', () => {
  assert.equal(parsePowerShellProcessJson('\uFEFF{"Id":4,"ProcessName":"System","Path":null}\r\n')[0]?.name, 'System');
  assert.deepEqual(parsePowerShellProcessJson('[]'), []);
  assert.equal(parsePowerShellProcessJson('[{"Id":9,"ProcessName":"caf\\u00e9"}]')[0]?.name, 'café');
});

void test('not JSON, null, empty output and objects without Id are errors, never "no processes"', () => {
  assert.throws(
    () => parsePowerShellProcessJson('powershell.exe : The term is not recognized ' + 'x'.repeat(300)),
    (e: unknown) => e instanceof ParseError && e.reason === 'not JSON' && (e.line?.length ?? 0) === 200,
  );
  assert.throws(() => parsePowerShellProcessJson('null'), ParseError);
  assert.throws(() => parsePowerShellProcessJson(''), ParseError);
  assert.throws(() => parsePowerShellProcessJson('[{"ProcessName":"x"}]'), /no numeric Id/);
  assert.throws(() => parsePowerShellProcessJson('[{"Id":1}]'), /no ProcessName/);
});

void test('Get-Process table from the seed page (recorded): PING 3964 and vmwp 2376, SI and the cut VM(M) in extra', () => {
  const ping = parseGetProcessTable(recorded('windows/seed-get-process-ping.txt').split('\n').slice(1).join('\n'));
  assert.deepEqual(ping, [
    { pid: 3964, name: 'PING', cmdline: 'PING', extra: { Handles: '67', 'NPM(K)': '5', 'PM(K)': '820', 'WS(K)': '3836', 'VM(M)': '...71', 'CPU(s)': '0.03', SI: '3' } },
  ]);
  const vmwp = parseGetProcessTable(recorded('windows/seed-get-process-vmwp.txt').replace(/^get-process.*\n/, ''));
  assert.equal(vmwp[0]?.pid, 2376);
  assert.equal(vmwp[0]?.name, 'vmwp');
  assert.equal(vmwp[0]?.extra?.SI, '0');
});

void test('Get-Process tables of PowerShell 5.1, 6 and 7 (recorded: PowerShell-Docs, PowerShell#2910, WTToolbox#11)', () => {
  const remote = parseGetProcessTable(recorded('windows/get-process-ps51-remote-blank-cpu.txt'));
  assert.deepEqual(remote.map((p) => [p.pid, p.name, p.extra?.['CPU(s)']]), [
    [3700, 'powershell', ''],
    [5816, 'powershell', ''],
    [3052, 'powershell', '7.11'],
  ]);
  assert.deepEqual(parseGetProcessTable(recorded('windows/get-process-ps51-idle.txt')).map((p) => [p.pid, p.name]), [[0, 'Idle']]);
  const ps7 = parseGetProcessTable(recorded('windows/get-process-ps74-pwsh.txt'));
  assert.deepEqual(ps7.map((p) => [p.pid, p.name, p.extra?.['WS(M)'], p.extra?.SI]), [
    [1192, 'pwsh', '105.95', '10'],
    [10580, 'pwsh', '117.61', '10'],
  ]);
  assert.deepEqual(parseGetProcessTable(recorded('windows/get-process-ps6-alpha.txt')).map((p) => [p.pid, p.name]), [[7008, 'ApplicationFrameHost']]);
  const wt = parseGetProcessTable(recorded('windows/get-process-wttoolbox.txt'));
  assert.equal(wt.length, 7);
  assert.deepEqual([wt[0]?.pid, wt[0]?.name, wt[0]?.extra?.['VM(M)']], [23816, 'WindowsTerminal', '2101819']);
});

void test('Get-Process table: a header without Id/ProcessName throws; empty text gives []', () => {
  assert.throws(() => parseGetProcessTable('Name  PID\nping  1\n'), ParseError);
  assert.deepEqual(parseGetProcessTable('\r\n'), []);
});

void test('"no process" errors: PowerShell 5.1 (seed page), 7 (PowerShell-Docs#6954), 2.0 error record (PSAppDeployToolkit#142)', () => {
  const ps51 = recorded('windows/seed-get-process-ping-error-ps51.txt');
  assert.equal(isNoProcessFoundError(ps51), true);
  assert.deepEqual(noProcessFoundNames(ps51), ['ping']);
  const ps7 = recorded('windows/get-process-error-ps7.txt');
  assert.equal(isNoProcessFoundError(ps7), true);
  assert.deepEqual(noProcessFoundNames(ps7), ['PowerShell']);
  const rec = recorded('windows/get-process-error-ps20-record.txt');
  assert.equal(isNoProcessFoundError(rec), true);
  assert.deepEqual(noProcessFoundNames(rec), ['POWERPNT']);
  assert.equal(isNoProcessFoundError(ps7) && isNoProcessFoundError(ps7), true, 'repeatable: no /g lastIndex state');
});

void test('other stderr is not a "no process" error (recorded: the Get-Process -Id error text; a table)', () => {
  assert.equal(isNoProcessFoundError(recorded('windows/get-process-error-id-ps51.txt')), false);
  assert.equal(isNoProcessFoundError(recorded('windows/seed-get-process-vmwp.txt')), false);
  assert.deepEqual(noProcessFoundNames(''), []);
});
