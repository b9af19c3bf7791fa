// Step dependencies, derived from the scenario as written: every kind of reference the validator
// checks (container:, match.container, ownedBy, pid: container:, countChange.since, ${id.id|name|pid},
// ${capture}) and none for vars or ${engine.*}. And `plan` shows them with claims and deviations.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describePlan } from '../../src/plan/describe-plan.js';
import { describeDependency, stepDependencies } from '../../src/plan/dependencies.js';
import type { Scenario, Step } from '../../src/types.js';
import { dockerDriver, linuxEngineWithRunsc } from './engines.js';

const STEPS = [
  { kind: 'run', id: 'a', image: 'img', command: ['sleep', '9'] },
  { kind: 'run', id: 'b', image: 'img', pid: 'container:a', user: '${uid}' },
  { kind: 'top', id: 't', container: 'b', match: { container: 'a' }, capture: { uid: 'pid' } },
  { kind: 'host-processes', id: 'h', match: { pid: '${a.pid}' }, expect: [{ ownedBy: 'b' }] },
  { kind: 'host-processes', id: 'h2', expect: [{ countChange: { since: 'h', equals: 0 } }] },
  { kind: 'command', id: 'c', command: ['echo', '${uid}', '${b.name}', '${engine.version}', '${v}'], claim: 'It says so.', knownDeviation: 'not here' },
  { kind: 'exec', id: 'e', container: 'a', command: ['true'] },
] as Step[];
const SCENARIO: Scenario = { name: 'deps', description: 'deps', vars: { v: '1' }, source: { url: 'https://x.org/p' }, onFailure: 'continue', steps: STEPS };

describe('stepDependencies', () => {
  const deps = stepDependencies(SCENARIO);

  it('finds each kind of reference once, pointing at the step it takes from', () => {
    assert.deepEqual(deps[0], []);
    assert.deepEqual(deps[1], [{ step: 0, takes: 'container', name: 'a' }], 'pid: container:a; ${uid} is captured later, so it is no dependency here');
    assert.deepEqual(deps[2], [{ step: 1, takes: 'container', name: 'b' }, { step: 0, takes: 'container', name: 'a' }]);
    assert.deepEqual(deps[3], [{ step: 1, takes: 'container', name: 'b' }, { step: 0, takes: 'container', name: 'a' }]);
    assert.deepEqual(deps[4], [{ step: 3, takes: 'count', name: 'h' }]);
    assert.deepEqual(deps[5], [{ step: 2, takes: 'capture', name: 'uid' }, { step: 1, takes: 'container', name: 'b' }], 'vars and ${engine.*} name no step');
    assert.deepEqual(deps[6], [{ step: 0, takes: 'container', name: 'a' }]);
  });

  it('says each in a few words', () => {
    assert.equal(describeDependency(STEPS, { step: 2, takes: 'capture', name: 'uid' }), 'step 3 (t): ${uid}');
    assert.equal(describeDependency(STEPS, { step: 3, takes: 'count', name: 'h' }), 'step 4 (h): process count');
  });

  it('plan shows dependencies, the claim with its link, the known deviation and onFailure', () => {
    const host = { os: 'linux' as const, hostname: 'h', root: true };
    const plan = describePlan({ file: 'd.yaml', index: 0, scenario: SCENARIO }, linuxEngineWithRunsc(), host, dockerDriver(), {});
    assert.equal(plan.onFailure, 'continue');
    const c = plan.steps[5];
    assert.deepEqual(c?.dependsOn, ['step 3 (t): ${uid}', 'step 2 (b): container']);
    assert.deepEqual(c?.claim, { text: 'It says so.', url: 'https://x.org/p#:~:text=It%20says%20so.' });
    assert.equal(c?.knownDeviation, 'not here');
    assert.equal(plan.steps[0]?.dependsOn, undefined);
  });
});
