// The Windows reference scenario through the real executor, with the Windows side replayed: there is
// no Windows host here, so the Spawn seam answers the docker CLI and PowerShell calls with Windows
// output. Sources of the replayed text:
// - `docker top` tables: the layout of the real Windows output in
//   test/fixtures/recorded/windows/docker-top-bc-only.txt (moby daemon/top_windows.go columns
//   Name / PID / CPU / Private Working Set, padded to 20), with the seed page's PIDs (3964, 1732);
//   constructed from that format.
// - PowerShell JSON: the shape isocheck's fixed query emits (Id, ProcessName, Path, SessionId,
//   ParentProcessId, CommandLine), constructed from the recorded Get-Process / Win32_Process JSON in
//   test/fixtures/recorded/windows/isymotron-e1_*.json; vmwp PID 2376 is the seed page's.
// What this proves: the commands are built for a Windows daemon (--isolation=process|hyperv, the
// fixed PowerShell query), absence is judged for the Hyper-V container (the still-running
// process-isolated ping does not fool it), and vmwp is judged by a count increase.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runAll } from '../../src/execute/runner.js';
import type { RunEvent } from '../../src/execute/events.js';
import type { Spawn, SpawnRequest, SpawnResult } from '../../src/execute/spawn.js';
import type { DetectedEngine } from '../../src/plan/engine.js';
import { planScenarios } from '../../src/plan/plan.js';
import { windowsProcessQueryArgv } from '../../src/parse/powershell.js';
import { validateText } from '../../src/validate/index.js';
import { ROOT } from '../helpers/cli.js';

const PROC_ID = 'a'.repeat(64);
const HV_ID = 'b'.repeat(64);

const pad = (s: string, n = 20): string => s.padEnd(n);
function winTop(rows: [string, number][]): string {
  const head = `${pad('Name')}${pad('PID')}${pad('CPU')}Private Working Set\n`;
  return head + rows.map(([n, pid]) => `${pad(n)}${pad(String(pid))}${pad('00:00:00.031')}528.4kB\n`).join('');
}

interface HostProc { Id: number; ProcessName: string; Path: string | null; SessionId: number; ParentProcessId: number | null; CommandLine: string | null }
const proc = (Id: number, ProcessName: string, CommandLine: string | null = null, SessionId = 0): HostProc => ({
  Id, ProcessName, Path: `C:\\Windows\\System32\\${ProcessName}.exe`, SessionId, ParentProcessId: 4, CommandLine,
});

interface World { hvStarted: boolean; hvPingOnHost: boolean }

function windowsSpawn(world: World, calls: string[][]): Spawn {
  const ok = (req: SpawnRequest, stdout: string): SpawnResult => ({ argv: [...req.argv], exitCode: 0, stdout, stderr: '', startedAt: new Date().toISOString(), durationMs: 1, timedOut: false, aborted: false });
  return async (req) => {
    const argv = [...req.argv];
    calls.push(argv);
    if (argv[0] === 'docker' && argv[1] === 'run') {
      const hv = argv.includes('--isolation=hyperv');
      if (hv) world.hvStarted = true;
      return ok(req, `${hv ? HV_ID : PROC_ID}\n`);
    }
    if (argv[0] === 'docker' && argv[1] === 'top') {
      const common: [string, number][] = [['smss.exe', 5204], ['csrss.exe', 2208], ['CExecSvc.exe', 9556]];
      return ok(req, winTop(argv[2] === PROC_ID ? [...common, ['PING.EXE', 3964]] : [['smss.exe', 988], ['CExecSvc.exe', 1044], ['PING.EXE', 1732]]));
    }
    if (argv[0] === 'docker' && argv[1] === 'rm') return ok(req, argv.slice(4).join('\n'));
    if (argv[0] === 'powershell.exe') {
      const host: HostProc[] = [
        proc(4, 'System'), proc(2376, 'vmwp', '"C:\\Windows\\System32\\vmwp.exe" 8A1D'),
        // the process-isolated container's ping runs on the host with the container's PID
        proc(3964, 'PING', 'ping localhost -t', 3), proc(5204, 'smss', null, 3),
        // PID 1732 on the host: normally an unrelated process that happens to have the Hyper-V
        // container's in-VM PID; in the failure case, the container's ping leaking onto the host
        world.hvStarted && world.hvPingOnHost ? proc(1732, 'PING', 'ping -t localhost', 4) : proc(1732, 'svchost', 'C:\\Windows\\system32\\svchost.exe -k netsvcs'),
      ];
      if (world.hvStarted) host.push(proc(5100, 'vmwp', '"C:\\Windows\\System32\\vmwp.exe" 77B2'));
      return ok(req, JSON.stringify(host));
    }
    throw new Error(`unexpected command ${JSON.stringify(argv)}`);
  };
}

const ENGINE: DetectedEngine = {
  facts: { version: '20.10.9', osType: 'windows', operatingSystem: 'Windows Server 2019 Datacenter', runtimes: [], defaultIsolation: 'process' },
  runtimePaths: {},
  daemonHost: 'WINHOST',
};
const HOST = { os: 'windows', hostname: 'WINHOST', root: true };

async function runWindowsScenario(world: World) {
  const file = path.join(ROOT, 'scenarios', 'windows', 'hyperv-isolation.yaml');
  // The page's waits (for: 3s, eventually: 30s) are shortened; what is judged is the same.
  const text = fs.readFileSync(file, 'utf8').replace('for: 3s', 'for: 300ms');
  const v = validateText(file, text);
  assert.equal(v.problems.filter((p) => p.severity === 'error').length, 0);
  assert.ok(v.scenario);
  const inputs = planScenarios([v.scenario], HOST, ENGINE);
  assert.equal(inputs[0]?.skipReason, undefined, 'the Windows scenario can run on a Windows engine');
  const calls: string[][] = [];
  const events: RunEvent[] = [];
  const result = await runAll(inputs, {
    spawn: windowsSpawn(world, calls), docker: 'docker', engine: ENGINE, host: HOST, runId: 'r1', signal: new AbortController().signal,
    jobs: 1, vars: {}, emit: (e) => events.push(e), pollMinMs: 20, pollMaxMs: 50,
    environment: { isocheckVersion: 't', node: process.version, host: { os: 'Windows_NT', platform: 'win32', release: '10.0.17763', arch: 'x64', hostname: 'WINHOST' }, root: true, engine: ENGINE.facts },
  });
  return { result, calls, events };
}

test('Windows scenario: commands are built for a Windows daemon and the page\'s claim holds', async () => {
  const { result, calls } = await runWindowsScenario({ hvStarted: false, hvPingOnHost: false });
  const sc = result.scenarios[0];
  assert.ok(sc);
  const failed = sc.steps.filter((s) => s.status !== 'passed').map((s) => `${s.id}: ${s.error?.message ?? s.expectations.find((e) => !e.passed)?.message}`);
  assert.deepEqual(failed, []);
  assert.equal(sc.status, 'passed');
  const runs = calls.filter((c) => c[1] === 'run');
  assert.equal(runs.length, 2);
  assert.ok(runs[0]?.includes('--isolation=process'));
  assert.ok(runs[1]?.includes('--isolation=hyperv'));
  assert.deepEqual(runs[0]?.slice(-4), ['mcr.microsoft.com/windows/servercore:1809', 'ping', 'localhost', '-t']);
  assert.deepEqual(runs[1]?.slice(-4), ['mcr.microsoft.com/windows/nanoserver:1809', 'ping', '-t', 'localhost']);
  assert.ok(calls.some((c) => JSON.stringify(c) === JSON.stringify(windowsProcessQueryArgv())), 'the fixed PowerShell query is used');
  const step = (id: string) => sc.steps.find((s) => s.id === id);
  assert.equal(step('proc-top')?.captures.procPid, '3964');
  assert.equal(step('hv-top')?.captures.hvPid, '1732');
  assert.equal(step('hv-top')?.view, 'engine (docker top)');
  // The process-isolated ping (3964) is still on the host, yet the Hyper-V absence check passes.
  assert.match(step('hv-host-ping')?.expectations[0]?.message ?? '', /^no host process of container hv \(b{12}\) named ping: none$/);
  assert.match(step('vmwp-after')?.expectations[0]?.found ?? '', /1 then, 2 now \(\+1\)/);
  assert.deepEqual(calls.at(-1)?.slice(0, 2), ['docker', 'rm']);
});

test('Windows scenario: a Hyper-V container whose ping shows on the host fails the absence check', async () => {
  const { result } = await runWindowsScenario({ hvStarted: false, hvPingOnHost: true });
  const sc = result.scenarios[0];
  assert.equal(sc?.status, 'failed');
  const failed = sc?.steps.find((s) => s.status === 'failed');
  assert.equal(failed?.id, 'hv-host-ping');
  assert.match(failed?.expectations[0]?.message ?? '', /^expected no host process of container hv \(b{12}\) named ping, for 300ms; found PID 1732 ping -t localhost \(owned by hv b{12}\)/);
});
