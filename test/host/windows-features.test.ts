// The Windows feature probe. Its JSON is CONSTRUCTED in the shape the fixed script writes (one
// compressed object of scalars; no Windows machine here), and the missing-PowerShell answers are
// what execa gives on Windows (cmd.exe, exit 1, "is not recognized").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Spawn, SpawnRequest, SpawnResult } from '../../src/execute/spawn.js';
import { parseWindowsFeatures, probeWindowsFeatures, windowsFeaturesArgv, WINDOWS_FEATURES_SCRIPT } from '../../src/host/windows-features.js';

const JSON_OK = '{"HypervisorPresent":false,"ProductType":3,"BuildNumber":"20348","Vmcompute":true,"Vmms":false}';

test('parse: scalars to features; BOM ignored; anything else is unknown', () => {
  assert.deepEqual(parseWindowsFeatures(`\uFEFF${JSON_OK}\r\n`), { hypervisorPresent: false, productType: 3, build: 20348, containersService: true, hypervService: false });
  assert.equal(parseWindowsFeatures(''), undefined);
  assert.equal(parseWindowsFeatures('[{"HypervisorPresent":true}]'), undefined);
  assert.equal(parseWindowsFeatures('{"HypervisorPresent":"True"}'), undefined);
  assert.equal(parseWindowsFeatures('{"HypervisorPresent":null,"ProductType":0,"BuildNumber":"","Vmcompute":true,"Vmms":true}'), undefined, 'CIM failed: unknown, not "no hypervisor"');
});

test('the script is fixed, has no double quotes (one argv element to powershell.exe) and avoids 5.1-only traps', () => {
  assert.deepEqual(windowsFeaturesArgv().slice(0, 5), ['powershell.exe', '-NoLogo', '-NoProfile', '-NonInteractive', '-Command']);
  assert.doesNotMatch(WINDOWS_FEATURES_SCRIPT, /"/);
  assert.doesNotMatch(WINDOWS_FEATURES_SCRIPT, /-AsArray|Get-WindowsOptionalFeature|Get-WindowsFeature/, 'no PS 7-only flag, no elevation- or Server-only cmdlet');
});

function spawnOf(answers: Record<string, Partial<SpawnResult>>): Spawn & { calls: string[] } {
  const calls: string[] = [];
  const f = (async (req: SpawnRequest) => {
    calls.push(req.argv[0] ?? '');
    const a = answers[req.argv[0] ?? ''] ?? { exitCode: 1, stderr: `'${req.argv[0] ?? ''}' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n` };
    return { argv: [...req.argv], exitCode: 0, stdout: '', stderr: '', startedAt: '', durationMs: 1, timedOut: false, aborted: false, ...a };
  }) as Spawn & { calls: string[] };
  f.calls = calls;
  return f;
}

test('probe: powershell.exe, else pwsh, else unknown (never a guess)', async () => {
  assert.deepEqual(await probeWindowsFeatures(spawnOf({ 'powershell.exe': { stdout: JSON_OK } })), parseWindowsFeatures(JSON_OK));
  const p = spawnOf({ pwsh: { stdout: JSON_OK } });
  assert.equal((await probeWindowsFeatures(p)) && p.calls.join(','), 'powershell.exe,pwsh');
  assert.deepEqual(await probeWindowsFeatures(spawnOf({})), { unknown: 'no PowerShell (powershell.exe or pwsh) was found' });
  assert.match(JSON.stringify(await probeWindowsFeatures(spawnOf({ 'powershell.exe': { exitCode: null, timedOut: true } }))), /did not answer within/);
});
