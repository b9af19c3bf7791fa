// `plan` of the Windows reference scenario against recorded `docker info` facts: which image tag and
// isolation flags each host gets, and the skip reasons where it cannot run. Engines:
// - Windows 10 1809 / build 17763: real docker info text, moby#38306 (Default Isolation hyperv)
// - Windows Server 2022 / 20348: real docker info text, docs.docker.com "docker info" reference
// - Windows Server 2025 / 26100: CONSTRUCTED (test/plan/engines.ts says how)
// (test/fixtures/recorded/windows/, sources in test/fixtures/recorded/README.md)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describePlan } from '../../src/plan/describe-plan.js';
import { planScenarios } from '../../src/plan/plan.js';
import type { HostFacts } from '../../src/plan/requirements.js';
import type { DetectedEngine } from '../../src/plan/engine.js';
import { recorded } from '../parse/recorded.js';
import { dockerDriver, engineFromInfoText, server2025Engine } from './engines.js';
import { loadScenario, WINDOWS_SCENARIO } from './scenarios.js';

const WIN10_1809 = engineFromInfoText(recorded('windows/real-docker-info-text-win10-1809-moby38306.txt'));
const SERVER_2022 = engineFromInfoText(recorded('windows/real-docker-info-text-server2022-docs.txt'));
const SERVER_2025 = server2025Engine();

const hostOf = (e: DetectedEngine, windows?: HostFacts['windows']): HostFacts => ({ os: 'windows', hostname: e.daemonHost, root: true, ...(windows ? { windows } : {}) });
const withHypervisor = { hypervisorPresent: true, productType: 3, containersService: true, hypervService: true };

function plan(e: DetectedEngine, host: HostFacts = hostOf(e, withHypervisor), vars: Record<string, string> = {}) {
  const scenario = loadScenario(WINDOWS_SCENARIO);
  const [input] = planScenarios([{ file: WINDOWS_SCENARIO, scenario, locate: () => ({ file: WINDOWS_SCENARIO, line: 1, col: 1 }) }], host, e, (f) => f, vars);
  assert.ok(input);
  return describePlan(input, e, host, dockerDriver(), vars);
}
const run = (p: ReturnType<typeof plan>, id: string): string[] => p.steps.find((s) => s.id === id)?.argv ?? [];

void describe('plan of the Windows scenario on recorded engines', () => {
  void it('the recorded docker info texts give the build numbers the tags are chosen by', () => {
    assert.match(WIN10_1809.facts.kernelVersion ?? '', /^10\.0 17763 /);
    assert.match(SERVER_2022.facts.kernelVersion ?? '', /^10\.0 20348 /);
  });

  for (const [name, engine, tag, client] of [
    ['Windows 10 1809 (17763, client, default hyperv)', WIN10_1809, 'ltsc2019', true],
    ['Windows Server 2022 (20348)', SERVER_2022, 'ltsc2022', false],
    ['Windows Server 2025 (26100, constructed)', SERVER_2025, 'ltsc2025', false],
  ] as const) {
    void it(`${name}: ${tag} images, --isolation=process and --isolation=hyperv, nothing skipped`, () => {
      const p = plan(engine, hostOf(engine, { ...withHypervisor, productType: client ? 1 : 3 }));
      assert.equal(p.skipReason, undefined);
      const proc = run(p, 'proc');
      const hv = run(p, 'hv');
      assert.ok(proc.includes('--isolation=process') && !proc.includes('--isolation=hyperv'), proc.join(' '));
      assert.ok(hv.includes('--isolation=hyperv'), hv.join(' '));
      assert.deepEqual(proc.slice(-4), [`mcr.microsoft.com/windows/servercore:${tag}`, 'ping', 'localhost', '-t']);
      assert.deepEqual(hv.slice(-4), [`mcr.microsoft.com/windows/nanoserver:${tag}`, 'ping', '-t', 'localhost']);
    });
  }

  void it('a host without a hypervisor: skipped with the 0xc0351000 reason and how to install Hyper-V', () => {
    const p = plan(SERVER_2022, hostOf(SERVER_2022, { ...withHypervisor, hypervisorPresent: false, hypervService: false }));
    assert.match(p.skipReason ?? '', /requires hyperv isolation: no hypervisor is running on this host .*0xc0351000/);
    assert.match(p.skipReason ?? '', /Install-WindowsFeature -Name Hyper-V/);
  });

  void it('hypervisor presence unknown (no PowerShell answer): not skipped, docker run decides', () => {
    assert.equal(plan(SERVER_2022, hostOf(SERVER_2022, { unknown: 'no PowerShell' })).skipReason, undefined);
  });

  void it('a build no base image matches (Windows 10 22H2, 19045): skipped with the reason, not failed', () => {
    const e = { ...SERVER_2022, facts: { ...SERVER_2022.facts, kernelVersion: '10.0 19045 (WinBuild.160101.0800)', operatingSystem: 'Windows 10 Pro Version 22H2 (OS Build 19045.3803)' } };
    const p = plan(e);
    assert.match(p.skipReason ?? '', /vars\.tag: no value for \$\{engine\.windowsBuild\} = "19045" \(known: 17763, 20348/);
  });

  void it('--var tag=ltsc2019 on Server 2022: process isolation of a 17763 image is refused before docker run (0xc0370101)', () => {
    const p = plan(SERVER_2022, hostOf(SERVER_2022, withHypervisor), { tag: 'ltsc2019' });
    assert.match(p.skipReason ?? '', /step 1 \(proc\): process isolation needs the image's Windows build to match the host's: mcr\.microsoft\.com\/windows\/servercore:ltsc2019 is build 17763, this host is build 20348 .*0xc0370101.*use the ltsc2022 tag/);
    assert.doesNotMatch(p.skipReason ?? '', /step 5 \(hv\)/, 'Hyper-V runs an older image');
  });

  void it('the page\'s own 1809 images on Server 2022 with Hyper-V only: allowed', () => {
    const scenario = loadScenario(WINDOWS_SCENARIO);
    scenario.steps = scenario.steps.filter((s) => s.kind !== 'run' || s.isolation === 'hyperv');
    scenario.requires = { ...scenario.requires, isolation: ['hyperv'] };
    const [input] = planScenarios([{ file: 'x.yaml', scenario, locate: () => ({ file: 'x.yaml', line: 1, col: 1 }) }], hostOf(SERVER_2022, withHypervisor), SERVER_2022, (f) => f, { tag: '1809' });
    assert.equal(input?.skipReason, undefined);
  });
});
