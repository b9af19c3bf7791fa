import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { takeCaptures } from '../../src/execute/capture.js';
import { StepCommandError } from '../../src/execute/steps/types.js';
import { StepInputError } from '../../src/plan/argv.js';
import type { Capture, Step } from '../../src/types.js';
import { container, HOST_PING, obsOf, PING_OF_PROC, scenarioContext, SBX_ID } from './fixtures.js';

const step = (capture: Record<string, Capture>): Step => ({ kind: 'command', command: ['x'], capture });
const failsCapture = (e: unknown): boolean => e instanceof StepCommandError && e.code === 'capture-failed';

void describe('takeCaptures', () => {
  void it('id and name of the container a run step started', () => {
    const ctx = scenarioContext();
    const c = container('sbx', SBX_ID, 'runsc');
    const got = takeCaptures(step({ cid: 'id', cname: 'name' }), obsOf(undefined, { container: c }), ctx);
    assert.deepEqual(got, { cid: SBX_ID, cname: 'isocheck-r-0-sbx' });
    assert.equal(ctx.values.get('cid'), SBX_ID);
  });

  void it('id without a container fails', () => {
    assert.throws(() => takeCaptures(step({ cid: 'id' }), obsOf(undefined), scenarioContext()), (e: unknown) => failsCapture(e) && /no container/.test((e as Error).message));
  });

  void it('pid is the first selected process; pids all of them; count how many', () => {
    const ctx = scenarioContext();
    const got = takeCaptures(step({ p: 'pid', ps: 'pids', n: 'count' }), obsOf([PING_OF_PROC, HOST_PING]), ctx);
    assert.deepEqual(got, { p: '2735', ps: '2735 901', n: '2' });
    assert.equal(ctx.values.get('ps'), '2735 901');
  });

  void it('pid with nothing selected fails; pids and count are empty and zero', () => {
    assert.throws(() => takeCaptures(step({ p: 'pid' }), obsOf([]), scenarioContext()), failsCapture);
    assert.deepEqual(takeCaptures(step({ ps: 'pids', n: 'count' }), obsOf([]), scenarioContext()), { ps: '', n: '0' });
  });

  void it('stdout trimmed, exitCode as text', () => {
    const got = takeCaptures(step({ out: 'stdout', code: 'exitCode' }), obsOf(undefined, { stdout: '  3f2a\n', exitCode: 0 }), scenarioContext());
    assert.deepEqual(got, { out: '3f2a', code: '0' });
  });

  void it('regex: the first group by default, the whole match without groups, a chosen group', () => {
    const o = obsOf(undefined, { stdout: 'UID PID CMD\nroot 1 ping 127.0.0.1\n', stderr: 'warning: x=42\n' });
    const got = takeCaptures(
      step({
        first: { regex: '^root (\\d+)' },
        whole: { regex: 'ping \\S+' },
        second: { regex: '^(root) (\\d+)', group: 2 },
        zero: { regex: '^(root) (\\d+)', group: 0 },
        err: { regex: 'x=(\\d+)', from: 'stderr' },
      }),
      o,
      scenarioContext(),
    );
    assert.deepEqual(got, { first: '1', whole: 'ping 127.0.0.1', second: '1', zero: 'root 1', err: '42' });
  });

  void it('regex that does not match, a group that does not exist or did not take part: fails', () => {
    const o = obsOf(undefined, { stdout: 'abc\n' });
    assert.throws(() => takeCaptures(step({ v: { regex: 'xyz' } }), o, scenarioContext()), (e: unknown) => failsCapture(e) && /does not match the stdout/.test((e as Error).message));
    assert.throws(() => takeCaptures(step({ v: { regex: 'abc', from: 'stderr' } }), o, scenarioContext()), (e: unknown) => failsCapture(e) && /stderr/.test((e as Error).message));
    assert.throws(() => takeCaptures(step({ v: { regex: '(a)', group: 3 } }), o, scenarioContext()), (e: unknown) => failsCapture(e) && /group 3/.test((e as Error).message));
    assert.throws(() => takeCaptures(step({ v: { regex: 'a(x)?' } }), o, scenarioContext()), failsCapture);
  });

  void it('an invalid regex is a bad-regex step error, not an internal error', () => {
    const bad = (e: unknown): boolean => e instanceof StepInputError && e.code === 'bad-regex';
    assert.throws(() => takeCaptures(step({ v: { regex: '([a-' } }), obsOf(undefined, { stdout: 'x' }), scenarioContext()), bad);
    // A raw value that breaks the pattern: only known at run time.
    assert.throws(() => takeCaptures(step({ v: { regex: 'a${re:frag}' } }), obsOf(undefined, { stdout: 'x' }), scenarioContext({ frag: '(' })), bad);
  });

  void it('a value in the regex is literal text; ${re:name} is regex syntax', () => {
    const ctx = scenarioContext({ ver: '1.2', digits: '\\d+' });
    const obs = obsOf(undefined, { stdout: 'v1x2 v1.2 pid 42\n' });
    assert.deepEqual(takeCaptures(step({ v: { regex: '(v${ver})' } }), obs, ctx), { v: 'v1.2' });
    assert.deepEqual(takeCaptures(step({ p: { regex: 'pid (${re:digits})' } }), obs, ctx), { p: '42' });
  });

  void it('(a+)+$ on 50 kB of output answers (RE2, no backtracking)', () => {
    const obs = obsOf(undefined, { stdout: `${'a'.repeat(50_000)}!` });
    assert.throws(() => takeCaptures(step({ v: { regex: '(a+)+$' } }), obs, scenarioContext()), failsCapture);
  });

  void it('a step without captures captures nothing', () => {
    const ctx = scenarioContext();
    const before = ctx.values.size;
    assert.deepEqual(takeCaptures({ kind: 'command', command: ['x'] }, obsOf(undefined), ctx), {});
    assert.equal(ctx.values.size, before);
  });
});
