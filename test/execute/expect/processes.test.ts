import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { count, countChange, ownedBy, pid, present, withinBounds } from '../../../src/execute/expect/processes.js';
import { HOST_PING, judgeEnv, obsOf, PING_OF_PROC, proc, PROC_ID, SANDBOX_OF_SBX, SBX_ID, scenarioContext } from '../fixtures.js';

void describe('present', () => {
  const ctx = scenarioContext();
  const env = judgeEnv(ctx, 'host', { name: 'ping', container: 'sbx' });

  void it('true passes with a selected process and fails without', () => {
    assert.equal(present(true, obsOf([PING_OF_PROC]), env).passed, true);
    const j = present(true, obsOf([]), env);
    assert.equal(j.passed, false);
    assert.equal(j.found, 'none');
    assert.equal(j.expected, `a host process of container sbx (${SBX_ID.slice(0, 12)}) named ping`);
  });

  void it('false passes with nothing selected, and fails naming the PID and the owner', () => {
    assert.equal(present(false, obsOf([]), env).passed, true);
    assert.equal(present(false, obsOf(undefined), env).passed, true);
    const ping = proc(2735, 'ping', { argv: ['ping', '127.0.0.1'], container: SBX_ID });
    const j = present(false, obsOf([ping]), env);
    assert.equal(j.passed, false);
    assert.equal(j.expected, `no host process of container sbx (${SBX_ID.slice(0, 12)}) named ping`);
    assert.equal(j.found, `PID 2735 ping 127.0.0.1 (owned by sbx ${SBX_ID.slice(0, 12)})`);
  });

  void it('lists at most five processes and says how many more', () => {
    const many = Array.from({ length: 8 }, (_, i) => proc(100 + i, 'ping'));
    const j = present(false, obsOf(many), env);
    assert.match(j.found, /^PID 100 ping; .*PID 104 ping; and 3 more$/);
  });
});

void describe('count', () => {
  const env = judgeEnv(scenarioContext(), 'host', { name: 'runsc-sandbox', container: 'sbx' });

  void it('a number means exactly', () => {
    assert.equal(count(1, obsOf([SANDBOX_OF_SBX]), env).passed, true);
    assert.equal(count(1, obsOf([]), env).passed, false);
    assert.equal(count(1, obsOf([SANDBOX_OF_SBX, SANDBOX_OF_SBX]), env).passed, false);
    assert.equal(count(0, obsOf(undefined), env).passed, true);
  });

  void it('bounds: equals, atLeast, atMost, combined', () => {
    const three = obsOf([proc(1, 'a'), proc(2, 'a'), proc(3, 'a')]);
    assert.equal(count({ atLeast: 3 }, three, env).passed, true);
    assert.equal(count({ atLeast: 4 }, three, env).passed, false);
    assert.equal(count({ atMost: 3 }, three, env).passed, true);
    assert.equal(count({ atMost: 2 }, three, env).passed, false);
    assert.equal(count({ atLeast: 1, atMost: 5 }, three, env).passed, true);
    assert.equal(count({ atLeast: 4, atMost: 5 }, three, env).passed, false);
    assert.equal(count({ equals: 3 }, three, env).passed, true);
    assert.equal(count({}, three, env).passed, true);
  });

  void it('says the bounds and the count found, with the processes', () => {
    const j = count({ atLeast: 2, atMost: 4 }, obsOf([SANDBOX_OF_SBX]), env);
    assert.match(j.expected, /^at least 2 and at most 4 host processes of container sbx \(3f2a9c1d4e5b\) named runsc-sandbox$/);
    assert.equal(j.found, `1: PID 11568 runsc-sandbox --root=/var/run/docker/runtime-runc/moby boot (owned by sbx ${SBX_ID.slice(0, 12)})`);
  });

  void it('does not invent a process name by pluralising the subject', () => {
    // "named runsc-sandbox(es)" or "vmwpes" would name processes that do not exist.
    const j = count({ equals: 2 }, obsOf([]), judgeEnv(scenarioContext(), 'host', { name: 'vmwp' }));
    assert.doesNotMatch(j.expected, /vmwp\(?es/);
    assert.match(j.expected, /named vmwp$/);
    assert.equal(count(1, obsOf([]), judgeEnv(scenarioContext(), 'host', { name: 'vmwp' })).expected, 'exactly 1 host process named vmwp');
  });
});

void describe('withinBounds', () => {
  void it('checks every given bound', () => {
    assert.equal(withinBounds(0, {}), true);
    assert.equal(withinBounds(-1, { atLeast: 0 }), false);
    assert.equal(withinBounds(2, { equals: 2, atLeast: 3 }), false);
  });
});

void describe('countChange', () => {
  const ctx = scenarioContext({}, { 'sandboxes-before': 2 });
  const env = judgeEnv(ctx, 'host', { name: 'runsc-sandbox' });
  const sandboxes = (n: number) => obsOf(Array.from({ length: n }, (_, i) => proc(500 + i, 'runsc-sandbox')));

  void it('judges the change against the baseline step in ctx.counts', () => {
    assert.equal(countChange({ since: 'sandboxes-before', equals: 1 }, sandboxes(3), env).passed, true);
    assert.equal(countChange({ since: 'sandboxes-before', equals: 1 }, sandboxes(2), env).passed, false);
    assert.equal(countChange({ since: 'sandboxes-before', equals: 1 }, sandboxes(4), env).passed, false);
    assert.equal(countChange({ since: 'sandboxes-before', atLeast: 1 }, sandboxes(4), env).passed, true);
    assert.equal(countChange({ since: 'sandboxes-before', equals: -2 }, sandboxes(0), env).passed, true);
  });

  void it('reports then, now and the signed change', () => {
    assert.equal(countChange({ since: 'sandboxes-before', equals: 1 }, sandboxes(2), env).found, '2 then, 2 now (0)');
    assert.equal(countChange({ since: 'sandboxes-before', equals: 1 }, sandboxes(3), env).found, '2 then, 3 now (+1)');
    assert.equal(countChange({ since: 'sandboxes-before', equals: 1 }, sandboxes(1), env).found, '2 then, 1 now (-1)');
  });

  void it('names the process correctly in the expectation', () => {
    const j = countChange({ since: 'sandboxes-before', equals: 1 }, sandboxes(3), env);
    assert.equal(j.expected, 'the number of host processes named runsc-sandbox to change by exactly 1 since step sandboxes-before');
  });

  void it('a missing baseline fails and says the step did not run', () => {
    const j = countChange({ since: 'vmwp-before', atLeast: 1 }, sandboxes(5), env);
    assert.equal(j.passed, false);
    assert.match(j.found, /vmwp-before did not run/);
  });

  void it('a baseline of zero is a baseline', () => {
    const j = countChange({ since: 'z', equals: 1 }, sandboxes(1), judgeEnv(scenarioContext({}, { z: 0 })));
    assert.equal(j.passed, true);
  });
});

void describe('pid', () => {
  const ctx = scenarioContext({ procPid: '2735', bad: '27x' });
  const env = judgeEnv(ctx, 'host', { name: 'ping' });

  void it('passes when some selected process has the PID, given as a number or ${captured}', () => {
    const o = obsOf([HOST_PING, PING_OF_PROC]);
    assert.equal(pid(2735, o, env).passed, true);
    assert.equal(pid('${procPid}', o, env).passed, true);
    assert.equal(pid('${procPid}', o, env).expected, 'a host process named ping with PID 2735');
  });

  void it('fails when no selected process has it, listing what was selected', () => {
    const j = pid(2736, obsOf([PING_OF_PROC]), env);
    assert.equal(j.passed, false);
    assert.match(j.found, /^PID 2735 ping 127\.0\.0\.1 \(owned by proc 7b1c00aa11bb\)$/);
  });

  void it('a value that is not a PID never passes (no prefix or loose number match)', () => {
    assert.equal(pid('${bad}', obsOf([proc(27, 'x')]), env).passed, false);
    assert.equal(pid(' 2735', obsOf([PING_OF_PROC]), env).passed, false);
    assert.equal(pid('273', obsOf([PING_OF_PROC]), env).passed, false);
  });
});

void describe('ownedBy', () => {
  const ctx = scenarioContext();
  const env = judgeEnv(ctx, 'host', { pid: 2735 });

  void it('passes when every selected process is owned by the container', () => {
    const j = ownedBy('proc', obsOf([PING_OF_PROC]), env);
    assert.equal(j.passed, true);
    assert.match(j.found, /owned by proc 7b1c00aa11bb/);
  });

  void it('fails when nothing is selected', () => {
    const j = ownedBy('proc', obsOf([]), env);
    assert.equal(j.passed, false);
    assert.equal(j.found, 'none');
    assert.match(j.expected, /\(at least one\) to be owned by container proc \(7b1c00aa11bb\)/);
  });

  void it('fails for a process of ANOTHER container, naming it and its owner', () => {
    const other = proc(2735, 'ping', { argv: ['ping', '127.0.0.1'], container: SBX_ID });
    const j = ownedBy('proc', obsOf([PING_OF_PROC, other]), env);
    assert.equal(j.passed, false);
    assert.equal(j.found, `not owned by it: PID 2735 ping 127.0.0.1 (owned by sbx ${SBX_ID.slice(0, 12)})`);
  });

  void it('fails for a host process of no container', () => {
    const j = ownedBy('proc', obsOf([PING_OF_PROC, HOST_PING]), env);
    assert.equal(j.passed, false);
    assert.match(j.found, /^not owned by it: PID 901 \/usr\/bin\/ping 8\.8\.8\.8$/);
  });

  void it('fails when the step started no container', () => {
    const j = ownedBy('nosuch', obsOf([PING_OF_PROC]), env);
    assert.equal(j.passed, false);
  });

  void it('an owner id that merely shares the short id prefix is another container', () => {
    const lookalike = proc(2735, 'ping', { container: PROC_ID.slice(0, 12) + 'f'.repeat(52) });
    assert.equal(ownedBy('proc', obsOf([lookalike]), env).passed, false);
  });
});
