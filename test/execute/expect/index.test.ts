import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertionKey, judge } from '../../../src/execute/expect/index.js';
import type { Expectation } from '../../../src/types.js';
import { judgeEnv, obsOf, PING_OF_PROC, scenarioContext } from '../fixtures.js';

void describe('assertionKey', () => {
  void it('finds the one assertion key, ignoring timing and because', () => {
    assert.equal(assertionKey({ present: false, for: '1s', because: 'x' }), 'present');
    assert.equal(assertionKey({ countChange: { since: 'a', equals: 1 }, eventually: '3s' }), 'countChange');
    assert.equal(assertionKey({ exitCode: 0 }), 'exitCode');
  });

  void it('throws for an expectation without an assertion', () => {
    assert.throws(() => assertionKey({ because: 'nothing' } as unknown as Expectation), /without an assertion/);
  });
});

void describe('judge', () => {
  const ctx = scenarioContext({}, { before: 0 });
  const env = judgeEnv(ctx, 'host', { name: 'ping' });
  const o = obsOf([PING_OF_PROC], { stdout: 'so', stderr: 'se', output: 'table', exitCode: 0 });

  void it('dispatches every key to its evaluator', () => {
    const cases: [Expectation, boolean][] = [
      [{ present: true }, true],
      [{ present: false }, false],
      [{ count: 1 }, true],
      [{ count: { atLeast: 2 } }, false],
      [{ countChange: { since: 'before', equals: 1 } }, true],
      [{ pid: 2735 }, true],
      [{ pid: 1 }, false],
      [{ ownedBy: 'proc' }, true],
      [{ ownedBy: 'sbx' }, false],
      [{ output: { contains: 'table' } }, true],
      [{ output: { contains: 'so' } }, false],
      [{ stderr: { contains: 'se' } }, true],
      [{ exitCode: 0 }, true],
      [{ exitCode: 1 }, false],
    ];
    for (const [e, want] of cases) {
      const j = judge(e, o, env);
      assert.equal(j.passed, want, `${JSON.stringify(e)}: expected ${j.expected}; found ${j.found}`);
      assert.ok(j.expected.length > 0 && j.found.length > 0, JSON.stringify(e));
    }
  });
});
