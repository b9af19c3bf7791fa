// The bad-duration rule: every duration of a scenario fits a timer, and its timeouts are above 0.
// Samples: small scenarios written here (one command step), each field broken alone.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HEAD, problemsOf, withCode } from '../helpers.js';

const STEP = '  - kind: command\n    command: [echo, hi]\n';

function codesAt(text: string): [string, number, number, string][] {
  return withCode(problemsOf(text), 'bad-duration').map((p) => [p.code, p.line, p.col, p.message]);
}

describe('bad-duration', () => {
  it('refuses timeout and stepTimeout of 0 in every spelling, at the value', () => {
    for (const zero of ['0', '0s', '"0ms"', '0.0m', '0.0001']) {
      const found = codesAt(`${HEAD}timeout: ${zero}\nstepTimeout: ${zero}\nsteps:\n${STEP}    timeout: ${zero}\n`);
      assert.deepEqual(found.map(([code, line, col]) => [code, line, col]), [['bad-duration', 3, 10], ['bad-duration', 4, 14], ['bad-duration', 8, 14]], zero);
      assert.match(found[0]?.[3] ?? '', /^"timeout" .* must be longer than 0/);
    }
  });

  it('refuses any duration longer than 2^31-1 ms, strings and numbers, naming the maximum', () => {
    const text = `${HEAD}timeout: 2147483.648\nsteps:\n${STEP}    expect:\n      - exitCode: 0\n        eventually: 2147483648ms\n      - exitCode: 0\n        for: 35792.5m\n`;
    const found = codesAt(text);
    assert.deepEqual(found.map(([, line, col]) => [line, col]), [[3, 10], [9, 21], [11, 14]]);
    for (const [, , , message] of found) assert.match(message, /is longer than the longest wait isocheck can keep, 2147483647ms \(about 24\.8 days\)$/);
  });

  it('accepts the limits themselves, and eventually/for of 0', () => {
    const text = `${HEAD}timeout: 2147483647ms\nstepTimeout: 1ms\nsteps:\n${STEP}    timeout: 2147483.647\n    expect:\n      - exitCode: 0\n        eventually: 0\n      - exitCode: 0\n        for: 0s\n`;
    assert.deepEqual(problemsOf(text), []);
  });
});
