import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mapIsolation, type IsolationMapping } from '../../src/engine/isolation.js';
import { linuxEngine, linuxEngineWithRunsc, windowsEngine } from '../plan/engines.js';

function ok(m: IsolationMapping): Extract<IsolationMapping, { ok: true }> {
  assert.ok(m.ok, `expected a mapping, got: ${m.ok ? '' : m.reason}`);
  return m;
}
function refused(m: IsolationMapping): string {
  assert.ok(!m.ok, `expected a refusal, got flags ${m.ok ? JSON.stringify(m.flags) : ''}`);
  return m.reason;
}

void describe('mapIsolation on a Windows engine', () => {
  const win = windowsEngine('process');

  void it('maps process and hyperv to --isolation', () => {
    assert.deepEqual(ok(mapIsolation('process', undefined, win)).flags, ['--isolation=process']);
    assert.deepEqual(ok(mapIsolation('hyperv', undefined, win)).flags, ['--isolation=hyperv']);
  });

  void it('passes no flag for default and names the daemon default', () => {
    const m = ok(mapIsolation('default', undefined, win));
    assert.deepEqual(m.flags, []);
    assert.match(m.describe, /process/);
    assert.match(ok(mapIsolation('default', undefined, windowsEngine('hyperv'))).describe, /hyperv/);
  });

  void it('has no sandbox mode', () => {
    assert.match(refused(mapIsolation('sandbox', undefined, win)), /no sandbox.*hyperv/);
  });

  void it('refuses an explicit runtime', () => {
    assert.match(refused(mapIsolation('default', 'runsc', win)), /explicit runtime "runsc".*Windows/);
  });
});

void describe('mapIsolation on a Linux engine', () => {
  void it('process is runc: no flag when runc is the default runtime', () => {
    const m = ok(mapIsolation('process', undefined, linuxEngine()));
    assert.deepEqual(m.flags, []);
    assert.equal(m.runtime, 'runc');
  });

  void it('process asks for runc explicitly when another runtime is the default', () => {
    const e = linuxEngine({ runc: 'runc', runsc: '/usr/bin/runsc' }, 'runsc');
    const m = ok(mapIsolation('process', undefined, e));
    assert.deepEqual(m.flags, ['--runtime=runc']);
    assert.equal(m.runtime, 'runc');
  });

  void it('process is refused when the default is not runc and runc is not registered', () => {
    const e = linuxEngine({ crun: '/usr/bin/crun' }, 'crun');
    assert.match(refused(mapIsolation('process', undefined, e)), /needs runc/);
  });

  void it('default passes no flag', () => {
    const m = ok(mapIsolation('default', undefined, linuxEngineWithRunsc()));
    assert.deepEqual(m.flags, []);
    assert.match(m.describe, /runc/);
  });

  void it('sandbox uses runsc when registered under that name', () => {
    const m = ok(mapIsolation('sandbox', undefined, linuxEngineWithRunsc()));
    assert.deepEqual(m.flags, ['--runtime=runsc']);
    assert.equal(m.runtime, 'runsc');
    assert.match(m.describe, /gVisor/);
  });

  void it('sandbox finds gVisor registered under another name by its name or path', () => {
    const byPath = linuxEngine({ runc: 'runc', secure: '/usr/bin/runsc' });
    assert.deepEqual(ok(mapIsolation('sandbox', undefined, byPath)).flags, ['--runtime=secure']);
    const byName = linuxEngine({ runc: 'runc', gvisor: '/opt/gv/bin/gv' });
    assert.deepEqual(ok(mapIsolation('sandbox', undefined, byName)).flags, ['--runtime=gvisor']);
  });

  void it('sandbox prefers the runtime named runsc over other gVisor registrations', () => {
    const e = linuxEngine({ runc: 'runc', 'a-gvisor': '/usr/bin/runsc', runsc: '/usr/local/bin/runsc' });
    assert.deepEqual(ok(mapIsolation('sandbox', undefined, e)).flags, ['--runtime=runsc']);
  });

  void it('sandbox is refused without gVisor, and the reason says how to get it', () => {
    const reason = refused(mapIsolation('sandbox', undefined, linuxEngine({ runc: 'runc', crun: '/usr/bin/crun' })));
    assert.match(reason, /gVisor \(runsc\)/);
    assert.match(reason, /provision-engine\.sh/);
  });

  void it('hyperv maps to a registered Kata runtime', () => {
    const e = linuxEngine({ runc: 'runc', 'io.containerd.kata.v2': '/usr/bin/containerd-shim-kata-v2' });
    assert.deepEqual(ok(mapIsolation('hyperv', undefined, e)).flags, ['--runtime=io.containerd.kata.v2']);
    const named = linuxEngine({ runc: 'runc', 'kata-runtime': '/usr/bin/kata-runtime', kata: '/usr/bin/kata' });
    assert.deepEqual(ok(mapIsolation('hyperv', undefined, named)).flags, ['--runtime=kata-runtime']);
  });

  void it('hyperv without a VM runtime is refused with a reason naming Kata', () => {
    assert.match(refused(mapIsolation('hyperv', undefined, linuxEngineWithRunsc())), /Kata/);
  });

  void it('an explicit registered runtime is used as is, whatever the mode', () => {
    const m = ok(mapIsolation('process', 'runsc', linuxEngineWithRunsc()));
    assert.deepEqual(m.flags, ['--runtime=runsc']);
    assert.equal(m.runtime, 'runsc');
  });

  void it('an explicit unregistered runtime is refused and the registered ones are listed', () => {
    const reason = refused(mapIsolation('default', 'kata', linuxEngineWithRunsc()));
    assert.match(reason, /runtime "kata" is not registered/);
    assert.match(reason, /runc/);
    assert.match(reason, /runsc/);
  });

  void it('runtime names that are Object.prototype members are not "registered"', () => {
    // The schema's runtime pattern allows these names; the engine has no such runtime.
    for (const name of ['constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      refused(mapIsolation('default', name, linuxEngine()));
    }
    assert.match(refused(mapIsolation('process', undefined, linuxEngine({ crun: '/usr/bin/crun' }, 'crun'))), /needs runc/);
  });
});

void describe('mapIsolation on an unknown engine OS', () => {
  void it('refuses, naming the OS', () => {
    const e = { ...linuxEngine(), facts: { ...linuxEngine().facts, osType: 'freebsd' } };
    assert.match(refused(mapIsolation('process', undefined, e)), /unknown engine OS "freebsd"/);
  });
});
