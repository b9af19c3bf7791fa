import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { unmetRequirements, type HostFacts } from '../../src/plan/requirements.js';
import type { Scenario, Step } from '../../src/types.js';
import { linuxEngine, linuxEngineWithRunsc, windowsEngine } from './engines.js';
import { LINUX_SCENARIO, loadScenario, WINDOWS_SCENARIO } from './scenarios.js';

const linuxRoot: HostFacts = { os: 'linux', hostname: 'h', root: true };
const linuxUser: HostFacts = { os: 'linux', hostname: 'h', root: false };
const windowsHost: HostFacts = { os: 'windows', hostname: 'h', root: true };

function scenario(requires: Scenario['requires'], steps: Step[] = []): Scenario {
  return { name: 't', description: 't', ...(requires ? { requires } : {}), steps };
}

void describe('unmetRequirements', () => {
  void it('the Linux reference scenario can run on a Linux engine with runsc, as root', () => {
    assert.deepEqual(unmetRequirements(loadScenario(LINUX_SCENARIO), linuxRoot, linuxEngineWithRunsc('h')), []);
  });

  void it('the Windows reference scenario can run on a Windows engine on a Windows host', () => {
    assert.deepEqual(unmetRequirements(loadScenario(WINDOWS_SCENARIO), windowsHost, windowsEngine('process', 'H')), []);
  });

  void it('the Windows scenario on a Linux host says it requires a Windows host', () => {
    const reasons = unmetRequirements(loadScenario(WINDOWS_SCENARIO), linuxRoot, linuxEngineWithRunsc());
    assert.ok(reasons.some((r) => r.includes('requires a Windows host')), reasons.join('; '));
    assert.ok(reasons.some((r) => r.includes('this host is Linux')), reasons.join('; '));
    assert.ok(reasons.some((r) => r.includes('requires a Windows engine')), reasons.join('; '));
  });

  void it('the host reason is given even when no engine was found', () => {
    const reasons = unmetRequirements(loadScenario(WINDOWS_SCENARIO), linuxRoot, null);
    assert.equal(reasons.length, 1);
    assert.match(reasons[0] ?? '', /requires a Windows host/);
  });

  void it('root is required but this is not root', () => {
    const reasons = unmetRequirements(loadScenario(LINUX_SCENARIO), linuxUser, linuxEngineWithRunsc());
    assert.deepEqual(reasons.length, 1);
    assert.match(reasons[0] ?? '', /requires root/);
  });

  void it('the engine OS does not match', () => {
    const reasons = unmetRequirements(scenario({ engine: 'linux' }), windowsHost, windowsEngine());
    assert.deepEqual(reasons, ['requires a Linux engine (this engine is Windows)']);
  });

  void it('a required runtime is not registered', () => {
    const reasons = unmetRequirements(scenario({ runtimes: ['runsc', 'kata'] }), linuxRoot, linuxEngineWithRunsc());
    assert.equal(reasons.length, 1);
    assert.match(reasons[0] ?? '', /requires runtime "kata", which is not registered/);
    assert.match(reasons[0] ?? '', /registered: .*runsc/);
  });

  void it('a required runtime named like an Object.prototype member is not registered', () => {
    const reasons = unmetRequirements(scenario({ runtimes: ['constructor'] }), linuxRoot, linuxEngine());
    assert.equal(reasons.length, 1);
    assert.match(reasons[0] ?? '', /requires runtime "constructor"/);
  });

  void it('the Linux reference scenario on an engine without gVisor: sandbox is not mappable', () => {
    const reasons = unmetRequirements(loadScenario(LINUX_SCENARIO), linuxRoot, linuxEngine());
    assert.equal(reasons.length, 1, reasons.join('; '));
    assert.match(reasons[0] ?? '', /^requires sandbox isolation: .*gVisor/);
  });

  void it('an isolation mode used by a run step counts even when not listed in requires', () => {
    const steps: Step[] = [{ kind: 'run', image: 'x', isolation: 'hyperv' }];
    const reasons = unmetRequirements(scenario(undefined, steps), linuxRoot, linuxEngineWithRunsc());
    assert.equal(reasons.length, 1);
    assert.match(reasons[0] ?? '', /^requires hyperv isolation: .*Kata/);
  });

  void it('a run step with an explicit unregistered runtime is reported', () => {
    const steps: Step[] = [{ kind: 'run', image: 'x', runtime: 'youki' }];
    assert.deepEqual(unmetRequirements(scenario(undefined, steps), linuxRoot, linuxEngineWithRunsc()).length, 1);
    assert.match(unmetRequirements(scenario(undefined, steps), linuxRoot, linuxEngineWithRunsc())[0] ?? '', /runtime "youki" is not registered/);
  });

  void it('the same unmet reason from two steps is given once', () => {
    const steps: Step[] = [
      { kind: 'run', image: 'x', runtime: 'youki' },
      { kind: 'run', image: 'y', runtime: 'youki' },
    ];
    assert.equal(unmetRequirements(scenario(undefined, steps), linuxRoot, linuxEngine()).length, 1);
  });

  void it('host-processes with an engine on another host or VM is refused', () => {
    const steps: Step[] = [{ kind: 'host-processes', match: { name: 'ping' } }];
    const reasons = unmetRequirements(scenario(undefined, steps), linuxRoot, linuxEngine(undefined, 'runc', 'docker-desktop'));
    assert.equal(reasons.length, 1);
    assert.match(reasons[0] ?? '', /another host or VM \("docker-desktop", this host is "h"\)/);
  });

  void it('the daemon host name is compared without case (Windows names are upper case)', () => {
    const steps: Step[] = [{ kind: 'host-processes' }];
    assert.deepEqual(unmetRequirements(scenario(undefined, steps), { os: 'windows', hostname: 'win-host', root: true }, windowsEngine('process', 'WIN-HOST')), []);
  });

  void it('no host-processes step: a remote engine is fine', () => {
    const steps: Step[] = [{ kind: 'run', image: 'x' }];
    assert.deepEqual(unmetRequirements(scenario(undefined, steps), linuxRoot, linuxEngine(undefined, 'runc', 'far-away')), []);
  });

  void it('localEngine: skipped on a remote endpoint and on an engine in another host or VM, run on a local one', () => {
    const steps: Step[] = [{ kind: 'command', command: ['readlink', '/proc/1/ns/pid'] }];
    const s = scenario({ localEngine: true }, steps);
    assert.deepEqual(unmetRequirements(s, linuxRoot, linuxEngine()), []);
    const remote = { ...linuxEngine(), locality: { local: false as const, endpoint: 'ssh://ops@far.example', why: 'test' } };
    const r = unmetRequirements(s, linuxRoot, remote);
    assert.equal(r.length, 1);
    assert.match(r[0] ?? '', /^requires an engine on this machine .*the engine is remote \(ssh:\/\/far\.example\)$/);
    assert.match(unmetRequirements(s, linuxRoot, linuxEngine(undefined, 'runc', 'vm-7'))[0] ?? '', /another host or VM \("vm-7"/);
    // Without the requirement the same remote engine runs it.
    assert.deepEqual(unmetRequirements(scenario(undefined, steps), linuxRoot, remote), []);
  });

  void it('a scenario without requirements runs anywhere', () => {
    assert.deepEqual(unmetRequirements(scenario(undefined), linuxUser, null), []);
    assert.deepEqual(unmetRequirements(scenario(undefined), linuxUser, linuxEngine()), []);
  });
});
