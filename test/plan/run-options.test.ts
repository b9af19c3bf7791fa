// Run options: the scenario's keys become the engine contract's ContainerOptions, with
// `pid: container:<step>` resolved to that step's container. Samples: run steps written here.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { containerOptions, hasRunOptions } from '../../src/plan/run-options.js';
import type { RunStep } from '../../src/types.js';

const base: RunStep = { kind: 'run', image: 'img' };

describe('containerOptions', () => {
  it('copies every run option, cpus as text', () => {
    const step: RunStep = {
      ...base, pid: 'host', network: 'none', user: '65534:65534', readOnly: true, capAdd: ['SYS_PTRACE'], capDrop: ['ALL'], pidsLimit: 10,
      memory: '64m', cpus: 0.5, securityOpt: ['no-new-privileges'], userns: 'host', tmpfs: ['/run:size=1m'], workdir: '/tmp', hostname: 'box', privileged: false,
    };
    assert.deepEqual(containerOptions(step, () => assert.fail('no container reference')), {
      pid: 'host', network: 'none', user: '65534:65534', readOnly: true, capAdd: ['SYS_PTRACE'], capDrop: ['ALL'], pidsLimit: 10,
      memory: '64m', cpus: '0.5', securityOpt: ['no-new-privileges'], userns: 'host', tmpfs: ['/run:size=1m'], workdir: '/tmp', hostname: 'box', privileged: false,
    });
  });

  it('resolves pid: container:<step> to that step\'s container', () => {
    assert.deepEqual(containerOptions({ ...base, pid: 'container:web' }, (id) => (id === 'web' ? 'abc123' : assert.fail(id))), { pid: 'container:abc123' });
  });

  it('has no options for a plain run step', () => {
    assert.equal(hasRunOptions(base), false);
    assert.equal(hasRunOptions({ ...base, readOnly: false }), true);
  });
});
