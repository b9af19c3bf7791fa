import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describePlan, type PlannedScenario, type PlannedStep } from '../../src/plan/describe-plan.js';
import type { HostFacts } from '../../src/plan/requirements.js';
import { dockerDriver, linuxEngine, linuxEngineWithRunsc, windowsEngine } from './engines.js';
import { LINUX_SCENARIO, loadScenario, WINDOWS_SCENARIO } from './scenarios.js';

function step(plan: PlannedScenario, id: string): PlannedStep {
  const s = plan.steps.find((st) => st.id === id);
  assert.ok(s, `no step ${id} in the plan`);
  return s;
}

void describe('describePlan, Windows reference scenario on a Windows engine', () => {
  const host: HostFacts = { os: 'windows', hostname: 'h', root: true };
  const plan = describePlan({ file: WINDOWS_SCENARIO, index: 0, scenario: loadScenario(WINDOWS_SCENARIO) }, windowsEngine('process'), host, dockerDriver(), {});

  void it('lists every step of the scenario', () => {
    assert.equal(plan.steps.length, loadScenario(WINDOWS_SCENARIO).steps.length);
    assert.equal(plan.name, 'Hyper-V isolation (Windows)');
    assert.equal(plan.skipReason, undefined);
  });

  void it('the hv step runs with --isolation=hyperv, the proc step with --isolation=process', () => {
    const hv = step(plan, 'hv').argv ?? [];
    const proc = step(plan, 'proc').argv ?? [];
    assert.ok(hv.includes('--isolation=hyperv'), JSON.stringify(hv));
    assert.ok(!hv.includes('--isolation=process'));
    assert.ok(proc.includes('--isolation=process'), JSON.stringify(proc));
    assert.ok(!proc.includes('--isolation=hyperv'));
  });

  void it('vars are resolved into the argv, as run would do (the tag from the engine\'s build, 17763)', () => {
    const hv = step(plan, 'hv').argv ?? [];
    const i = hv.indexOf('mcr.microsoft.com/windows/nanoserver:ltsc2019');
    assert.ok(i > 0, JSON.stringify(hv));
    assert.deepEqual(hv.slice(i + 1), ['ping', '-t', 'localhost']);
    assert.deepEqual(hv.slice(0, 3), ['docker', 'run', '--detach']);
    assert.ok(hv.includes('--label=io.isocheck.step=hv'));
  });

  void it('values only known at run time are shown as placeholders', () => {
    const procHost = step(plan, 'proc-host');
    assert.match(procHost.action, /<captured: procPid>/);
    assert.match(procHost.action, /PowerShell/);
    assert.equal(procHost.argv, undefined);
    assert.match(step(plan, 'hv-host-ping').action, /name ping, PID <captured: hvPid>/);
    assert.deepEqual(step(plan, 'hv-top').argv, ['docker', 'top', '<container id: hv>']);
  });

  void it('a --var overrides a scenario var', () => {
    const p = describePlan({ file: WINDOWS_SCENARIO, index: 0, scenario: loadScenario(WINDOWS_SCENARIO) }, windowsEngine(), host, dockerDriver(), { tag: 'ltsc2022' });
    assert.ok((step(p, 'hv').argv ?? []).includes('mcr.microsoft.com/windows/nanoserver:ltsc2022'));
  });
});

void describe('describePlan, Linux reference scenario on a Linux engine with runsc', () => {
  const host: HostFacts = { os: 'linux', hostname: 'h', root: true };
  const plan = describePlan({ file: LINUX_SCENARIO, index: 1, scenario: loadScenario(LINUX_SCENARIO) }, linuxEngineWithRunsc(), host, dockerDriver(), {});

  void it('the sbx step runs with --runtime=runsc and the proc step with runc as the default', () => {
    const sbx = step(plan, 'sbx').argv ?? [];
    assert.ok(sbx.includes('--runtime=runsc'), JSON.stringify(sbx));
    const proc = step(plan, 'proc').argv ?? [];
    assert.ok(!proc.some((a) => a.startsWith('--runtime=')), JSON.stringify(proc));
    assert.ok(step(plan, 'proc').notes.some((n) => /runc/.test(n)));
  });

  void it('the host-processes steps read /proc, and the top steps use docker top', () => {
    assert.match(step(plan, 'sbx-host-ping').action, /\/proc: name ping, owned by <container id: sbx>/);
    assert.deepEqual(step(plan, 'sbx-top').argv, ['docker', 'top', '<container id: sbx>']);
  });

  void it('an engine without gVisor: the sbx step says why it cannot run and has no argv', () => {
    const p = describePlan({ file: LINUX_SCENARIO, index: 1, scenario: loadScenario(LINUX_SCENARIO) }, linuxEngine(), host, dockerDriver(), {});
    const sbx = step(p, 'sbx');
    assert.equal(sbx.argv, undefined);
    assert.match(sbx.action, /^cannot run: .*gVisor/);
  });

  void it('no engine: argv without isolation flags and a note saying so', () => {
    const p = describePlan({ file: LINUX_SCENARIO, index: 1, scenario: loadScenario(LINUX_SCENARIO) }, null, host, dockerDriver(), {});
    const sbx = step(p, 'sbx');
    assert.ok(sbx.argv !== undefined && !sbx.argv.some((a) => a.startsWith('--runtime=')));
    assert.ok(sbx.notes.some((n) => /not reachable/.test(n)));
  });

  void it('carries the skip reason of the input', () => {
    const p = describePlan({ file: LINUX_SCENARIO, index: 1, scenario: loadScenario(LINUX_SCENARIO), skipReason: 'requires root' }, linuxEngineWithRunsc(), host, dockerDriver(), {});
    assert.equal(p.skipReason, 'requires root');
  });
});
