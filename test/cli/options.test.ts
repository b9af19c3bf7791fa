// Option values shared by the commands: --timeout has the limits of a scenario's timeouts (above
// 0, at most what a timer holds), so no value silently becomes a 1 ms timeout.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseTimeout } from '../../src/cli/options.js';
import { UsageError } from '../../src/errors.js';
import { MAX_DURATION_MS } from '../../src/format/duration.js';

function refused(v: string, message: RegExp): void {
  assert.throws(() => parseTimeout(v), (e: unknown) => e instanceof UsageError && e.code === 'bad-timeout' && e.exitCode === 2 && message.test(e.message));
}

describe('parseTimeout', () => {
  it('reads durations and bare seconds, up to the longest timer', () => {
    assert.equal(parseTimeout(undefined), undefined);
    assert.equal(parseTimeout('30s'), 30_000);
    assert.equal(parseTimeout('1.5'), 1500);
    assert.equal(parseTimeout(`${MAX_DURATION_MS}ms`), MAX_DURATION_MS);
  });

  it('refuses 0 in every spelling, and what rounds to 0 ms', () => {
    for (const v of ['0', '0s', '0ms', '0.0m', '0.0001']) refused(v, /must be longer than 0/);
  });

  it('refuses what a timer cannot hold, naming the maximum', () => {
    for (const v of [`${MAX_DURATION_MS + 1}ms`, '2147484s', '40000m', '99999999999']) refused(v, /longest wait isocheck can keep, 2147483647ms \(about 24\.8 days\)/);
  });

  it('refuses what is not a duration (negative, exponent, unit-less words)', () => {
    for (const v of ['-1', '-1s', '1e9', '1h', 'soon', '']) refused(v, /takes a duration like 30s/);
  });
});
