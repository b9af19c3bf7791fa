import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Spawn, SpawnRequest, SpawnResult } from '../../src/execute/spawn.js';
import { HostQueryError, queryWindowsProcesses } from '../../src/host/windows.js';
import { windowsProcessQueryArgv } from '../../src/parse/powershell.js';
import { recorded } from '../parse/recorded.js';

// Constructed from the IsyMotron Get-Process/Win32_Process JSON format (test/fixtures/recorded/windows):
// what the fixed query prints on the seed page's host while both containers run.
const OUTPUT =
  '[{"Id":0,"ProcessName":"Idle","Path":null,"SessionId":0,"ParentProcessId":null,"CommandLine":null},' +
  '{"Id":2376,"ProcessName":"vmwp","Path":"C:\\\\Windows\\\\System32\\\\vmwp.exe","SessionId":0,"ParentProcessId":1880,"CommandLine":"\\"C:\\\\Windows\\\\System32\\\\vmwp.exe\\" 5D5611E3"},' +
  '{"Id":3964,"ProcessName":"PING","Path":"C:\\\\Windows\\\\System32\\\\PING.EXE","SessionId":3,"ParentProcessId":3900,"CommandLine":"ping localhost -t"},' +
  '{"Id":5976,"ProcessName":"SppExtComObj","Path":null,"SessionId":0,"ParentProcessId":null,"CommandLine":null}]\r\n';

function result(argv: readonly string[], over: Partial<SpawnResult>): SpawnResult {
  return { argv: [...argv], exitCode: 0, stdout: '', stderr: '', startedAt: '2026-11-29T00:00:00.000Z', durationMs: 5, timedOut: false, aborted: false, ...over };
}

// A command that does not exist, as execa 9 reports it on Windows: it only uses cross-spawn's
// parser (not its ENOENT hook), which wraps an unresolvable command in `cmd.exe /d /s /c`, so the
// spawn succeeds and cmd.exe exits 1 with this message (no ENOENT is raised there).
const notRecognized = (cmd: string): Partial<SpawnResult> => ({
  exitCode: 1, stderr: `'${cmd}' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n`,
});

function fakeSpawn(answers: Record<string, Partial<SpawnResult>>): Spawn & { calls: SpawnRequest[] } {
  const calls: SpawnRequest[] = [];
  const f = (async (req: SpawnRequest) => {
    calls.push(req);
    const a = answers[req.argv[0] ?? ''] ?? notRecognized(req.argv[0] ?? '');
    return result(req.argv, a);
  }) as Spawn & { calls: SpawnRequest[] };
  f.calls = calls;
  return f;
}

const ok = { 'powershell.exe': { stdout: OUTPUT } };

void test('name: case-insensitive, ".exe" optional on either side; the fixed argv is what runs', async () => {
  for (const name of ['ping', 'PING', 'Ping', 'ping.exe', 'PING.EXE']) {
    const sp = fakeSpawn(ok);
    const r = await queryWindowsProcesses({ name }, sp);
    assert.deepEqual(r.processes.map((p) => p.pid), [3964], name);
    assert.deepEqual(sp.calls[0]?.argv, windowsProcessQueryArgv());
  }
  assert.deepEqual((await queryWindowsProcesses({ name: 'sppextcomobj.Exe' }, fakeSpawn(ok))).processes.map((p) => p.pid), [5976]);
  assert.deepEqual((await queryWindowsProcesses({ name: 'pin' }, fakeSpawn(ok))).processes, [], 'no prefix match');
});

void test('pid exact; pattern on CommandLine or Path, ProcessName when neither is known', async () => {
  assert.deepEqual((await queryWindowsProcesses({ pid: 2376 }, fakeSpawn(ok))).processes.map((p) => p.name), ['vmwp']);
  assert.deepEqual((await queryWindowsProcesses({ pattern: /localhost -t/ }, fakeSpawn(ok))).processes.map((p) => p.pid), [3964]);
  assert.deepEqual((await queryWindowsProcesses({ pattern: /System32\\PING\.EXE$/ }, fakeSpawn(ok))).processes.map((p) => p.pid), [3964], 'Path');
  assert.deepEqual((await queryWindowsProcesses({ pattern: /^Idle$/ }, fakeSpawn(ok))).processes.map((p) => p.pid), [0]);
  assert.deepEqual((await queryWindowsProcesses({ name: 'ping', pid: 2376 }, fakeSpawn(ok))).processes, []);
});

void test('container is not applied on Windows (ownership is the executor\'s, from docker top)', async () => {
  const r = await queryWindowsProcesses({ name: 'ping', container: 'a'.repeat(64) }, fakeSpawn(ok));
  assert.deepEqual(r.processes.map((p) => p.pid), [3964]);
});

void test('recorded single-object JSON (IsyMotron e1_getprocess.json, PS 5.1) is a list of one', async () => {
  const r = await queryWindowsProcesses({ name: 'notepad' }, fakeSpawn({ 'powershell.exe': { stdout: recorded('windows/isymotron-e1_getprocess.json') } }));
  assert.deepEqual(r.processes.map((p) => p.pid), [16828]);
});

void test('timeout and signal reach the Spawn; the command is returned for the report', async () => {
  const sp = fakeSpawn(ok);
  const ac = new AbortController();
  const r = await queryWindowsProcesses({}, sp, { timeoutMs: 9000, signal: ac.signal });
  assert.equal(sp.calls[0]?.timeoutMs, 9000);
  assert.equal(sp.calls[0]?.signal, ac.signal);
  assert.equal(r.command.stdout, OUTPUT);
  assert.equal(r.processes.length, 4);
});

void test('powershell.exe missing → pwsh', async () => {
  const sp = fakeSpawn({ pwsh: { stdout: OUTPUT } });
  const r = await queryWindowsProcesses({ name: 'vmwp' }, sp, { platform: 'win32' });
  assert.deepEqual(sp.calls.map((c) => c.argv[0]), ['powershell.exe', 'pwsh']);
  assert.deepEqual(sp.calls[1]?.argv, windowsProcessQueryArgv('pwsh'));
  assert.equal(r.command.argv[0], 'pwsh');
  assert.deepEqual(r.processes.map((p) => p.pid), [2376]);
});

void test('typed errors: no PowerShell, not JSON (first 200 chars), failed, timed out, aborted', async () => {
  await assert.rejects(queryWindowsProcesses({}, fakeSpawn({}), { platform: 'win32' }), (e: unknown) => e instanceof HostQueryError && e.code === 'host-query-unavailable' && /powershell\.exe: 'powershell\.exe' is not recognized.*pwsh: 'pwsh' is not recognized/.test(e.message));
  const junk = 'WARNING: something odd ' + 'x'.repeat(500);
  await assert.rejects(
    queryWindowsProcesses({}, fakeSpawn({ 'powershell.exe': { stdout: junk } })),
    (e: unknown) => e instanceof HostQueryError && e.code === 'output-unparseable' && e.message.includes(JSON.stringify(junk.slice(0, 200))) && !e.message.includes('x'.repeat(300)) && e.command?.stdout === junk,
  );
  await assert.rejects(
    queryWindowsProcesses({}, fakeSpawn({ 'powershell.exe': { exitCode: 1, stdout: '', stderr: 'Get-CimInstance : Access denied' } })),
    (e: unknown) => e instanceof HostQueryError && e.code === 'host-query-failed' && /Access denied/.test(e.message),
  );
  await assert.rejects(queryWindowsProcesses({}, fakeSpawn({ 'powershell.exe': { exitCode: null, timedOut: true } })), (e: unknown) => e instanceof HostQueryError && e.code === 'host-query-timeout');
  await assert.rejects(queryWindowsProcesses({}, fakeSpawn({ 'powershell.exe': { exitCode: null, aborted: true } })), (e: unknown) => e instanceof HostQueryError && e.code === 'host-query-aborted');
});
