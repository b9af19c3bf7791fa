import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_DURATION_MS, durationLimit, formatDuration, parseDuration } from '../../src/format/duration.js';

void describe('parseDuration', () => {
  void it('reads milliseconds, seconds and minutes, with decimals', () => {
    assert.equal(parseDuration('500ms'), 500);
    assert.equal(parseDuration('3s'), 3000);
    assert.equal(parseDuration('1.5m'), 90_000);
    assert.equal(parseDuration('0.25s'), 250);
    assert.equal(parseDuration('0ms'), 0);
    assert.equal(parseDuration('10m'), 600_000);
  });

  void it('reads a bare number as seconds', () => {
    assert.equal(parseDuration(2), 2000);
    assert.equal(parseDuration(0.5), 500);
    assert.equal(parseDuration(0), 0);
  });

  void it('rounds to whole milliseconds', () => {
    assert.equal(parseDuration('1.0004s'), 1000);
    assert.equal(parseDuration(0.0006), 1);
  });

  void it('rejects what is not a duration instead of guessing', () => {
    for (const bad of ['', '3', 's', '3 s', ' 3s', '3s ', '3h', '-3s', '1e3ms', '.5s', '5.s', '3S', 'three seconds']) {
      assert.equal(parseDuration(bad), undefined, JSON.stringify(bad));
    }
    assert.equal(parseDuration(-1), undefined);
    assert.equal(parseDuration(Number.NaN), undefined);
    assert.equal(parseDuration(Number.POSITIVE_INFINITY), undefined);
  });
});

void describe('formatDuration', () => {
  void it('uses ms below one second', () => {
    assert.equal(formatDuration(0), '0ms');
    assert.equal(formatDuration(12.4), '12ms');
    assert.equal(formatDuration(999), '999ms');
  });

  void it('uses seconds with two decimals below 10 s and one below a minute', () => {
    assert.equal(formatDuration(1000), '1.00s');
    assert.equal(formatDuration(1960), '1.96s');
    assert.equal(formatDuration(12_345), '12.3s');
  });

  void it('uses minutes and seconds from a minute on', () => {
    assert.equal(formatDuration(60_000), '1m0s');
    assert.equal(formatDuration(90_000), '1m30s');
    assert.equal(formatDuration(10 * 60_000), '10m0s');
  });

  void it('never prints a unit that rounding pushed to its upper bound', () => {
    // 119.6 s is 2m0s, not "1m60s"; 999.6 ms is 1.00s, not "1000ms".
    assert.equal(formatDuration(119_600), '2m0s');
    assert.equal(formatDuration(179_999), '3m0s');
    assert.equal(formatDuration(999.6), '1.00s');
    for (let ms = 0; ms < 30 * 60_000; ms += 499.7) {
      const s = formatDuration(ms);
      assert.doesNotMatch(s, /^1000ms$|m60s$/, `${ms} -> ${s}`);
    }
  });

  void it('round-trips through parseDuration within the shown precision', () => {
    for (const ms of [0, 250, 999, 1000, 4560, 12_300, 59_000]) {
      const back = parseDuration(formatDuration(ms));
      assert.ok(back !== undefined, formatDuration(ms));
      assert.ok(Math.abs(back - ms) <= 50, `${ms} -> ${formatDuration(ms)} -> ${back}`);
    }
  });
});

void describe('durationLimit', () => {
  void it('allows up to 2^31-1 ms (what setTimeout holds) and names that maximum above it', () => {
    assert.equal(MAX_DURATION_MS, 2_147_483_647);
    assert.equal(durationLimit(MAX_DURATION_MS, true), undefined);
    assert.match(durationLimit(MAX_DURATION_MS + 1, false) ?? '', /2147483647ms \(about 24\.8 days\)/);
  });

  void it('refuses 0 for a timeout only (eventually: 0 and for: 0 are allowed)', () => {
    assert.match(durationLimit(0, true) ?? '', /must be longer than 0/);
    assert.equal(durationLimit(0, false), undefined);
    assert.equal(durationLimit(1, true), undefined);
  });
});
