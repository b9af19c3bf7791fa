import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { judgeOverTime, type WaitOptions } from '../../../src/execute/expect/wait.js';
import type { Observation } from '../../../src/execute/context.js';
import { judgeEnv, obsOf, PING_OF_PROC, scenarioContext } from '../fixtures.js';

const env = judgeEnv(scenarioContext(), 'host', { name: 'ping' });
const FOUND = obsOf([PING_OF_PROC]);
const NONE = obsOf([]);

function opts(o: Partial<WaitOptions> = {}): WaitOptions {
  return { signal: new AbortController().signal, deadline: Date.now() + 30_000, pollMinMs: 20, pollMaxMs: 50, ...o };
}

/** A reobserve that returns the given observations in turn (the last one forever), counting calls. */
function sequence(...seq: Observation[]): { reobserve: () => Promise<Observation>; calls: () => number } {
  let n = 0;
  return {
    reobserve: () => {
      const o = seq[Math.min(n, seq.length - 1)];
      n++;
      assert.ok(o);
      return Promise.resolve(o);
    },
    calls: () => n,
  };
}

void describe('judgeOverTime without timing', () => {
  void it('judges the first observation once and never re-observes', async () => {
    const s = sequence(FOUND);
    const t = await judgeOverTime({ present: false }, FOUND, s.reobserve, env, opts());
    assert.equal(t.judgement.passed, false);
    assert.equal(t.attempts, 1);
    assert.equal(s.calls(), 0);
    assert.equal(t.note, undefined);
  });
});

void describe('eventually', { concurrency: true }, () => {
  void it('passes once a later observation passes, counting attempts', async () => {
    const s = sequence(NONE, NONE, FOUND);
    const t = await judgeOverTime({ present: true, eventually: '5s' }, NONE, s.reobserve, env, opts());
    assert.equal(t.judgement.passed, true);
    assert.equal(t.attempts, 4);
    assert.equal(s.calls(), 3);
    assert.equal(t.obs, FOUND, 'the last observation is returned for captures');
  });

  void it('passing at once takes one attempt and no wait', async () => {
    const s = sequence(NONE);
    const t = await judgeOverTime({ present: true, eventually: '5s' }, FOUND, s.reobserve, env, opts());
    assert.equal(t.judgement.passed, true);
    assert.equal(t.attempts, 1);
    assert.equal(s.calls(), 0);
    assert.ok(t.durationMs < 50);
  });

  void it('fails after the duration with the last finding', async () => {
    const s = sequence(NONE);
    const t0 = Date.now();
    const t = await judgeOverTime({ present: true, eventually: '300ms' }, NONE, s.reobserve, env, opts());
    const took = Date.now() - t0;
    assert.equal(t.judgement.passed, false);
    assert.equal(t.judgement.found, 'none');
    assert.ok(took >= 290 && took < 600, `took ${took}ms`);
    assert.ok(t.attempts >= 3, `attempts ${t.attempts}`);
    assert.equal(t.attempts, s.calls() + 1);
  });

  void it('never busy-loops: re-observations over 1 s are bounded by the poll interval', async () => {
    const s = sequence(NONE);
    await judgeOverTime({ present: true, eventually: '1s' }, NONE, s.reobserve, env, opts({ pollMinMs: 100, pollMaxMs: 1000 }));
    assert.ok(s.calls() >= 3 && s.calls() <= 15, `reobserve called ${s.calls()} times in 1s`);
  });

  void it('never busy-loops at a fixed interval either', async () => {
    const flat = sequence(NONE);
    await judgeOverTime({ present: true, eventually: '1s' }, NONE, flat.reobserve, env, opts({ pollMinMs: 100, pollMaxMs: 100 }));
    assert.ok(flat.calls() >= 5 && flat.calls() <= 11, `reobserve called ${flat.calls()} times in 1s at a fixed 100ms`);
  });

  void it('stops at the step deadline even when eventually allows longer', async () => {
    const s = sequence(NONE);
    const t0 = Date.now();
    const t = await judgeOverTime({ present: true, eventually: '10s' }, NONE, s.reobserve, env, opts({ deadline: t0 + 250 }));
    const took = Date.now() - t0;
    assert.equal(t.judgement.passed, false);
    assert.ok(took >= 240 && took < 500, `took ${took}ms`);
  });

  void it('stops quickly on abort and says it was interrupted', async () => {
    const ac = new AbortController();
    const s = sequence(NONE);
    const t0 = Date.now();
    setTimeout(() => ac.abort(), 120);
    const t = await judgeOverTime({ present: true, eventually: '10s' }, NONE, s.reobserve, env, opts({ signal: ac.signal, pollMinMs: 1000, pollMaxMs: 1000 }));
    const took = Date.now() - t0;
    assert.equal(t.judgement.passed, false);
    assert.match(t.judgement.found, /interrupted while waiting/);
    assert.ok(took >= 100 && took < 400, `took ${took}ms`);
    assert.equal(s.calls(), 0);
  });

  void it('an already aborted signal stops before any re-observation', async () => {
    const ac = new AbortController();
    ac.abort();
    const s = sequence(FOUND);
    const t = await judgeOverTime({ present: true, eventually: '10s' }, NONE, s.reobserve, env, opts({ signal: ac.signal }));
    assert.equal(t.judgement.passed, false);
    assert.equal(s.calls(), 0);
  });

  void it('a step that cannot be observed again is judged once, with a note', async () => {
    const t = await judgeOverTime({ exitCode: 0, eventually: '5s' }, obsOf(undefined, { exitCode: 1 }), undefined, env, opts());
    assert.equal(t.judgement.passed, false);
    assert.equal(t.attempts, 1);
    assert.match(t.note ?? '', /judged once/);
    assert.ok(t.durationMs < 50);
  });

  void it('a re-observation that throws propagates (a step error, not a failed expectation)', async () => {
    const boom = (): Promise<Observation> => Promise.reject(new Error('docker top failed'));
    await assert.rejects(judgeOverTime({ present: true, eventually: '1s' }, NONE, boom, env, opts()), /docker top failed/);
  });
});

void describe('for', { concurrency: true }, () => {
  void it('fails at the first false sample, without waiting out the duration', async () => {
    const s = sequence(NONE, NONE, FOUND, NONE);
    const t0 = Date.now();
    const t = await judgeOverTime({ present: false, for: '10s' }, NONE, s.reobserve, env, opts());
    assert.equal(t.judgement.passed, false);
    assert.equal(t.attempts, 4);
    assert.equal(s.calls(), 3);
    assert.match(t.judgement.found, /PID 2735/);
    assert.match(t.note ?? '', /stopped holding/);
    assert.ok(Date.now() - t0 < 1000);
  });

  void it('a false first sample fails at once', async () => {
    const s = sequence(NONE);
    const t = await judgeOverTime({ present: false, for: '10s' }, FOUND, s.reobserve, env, opts());
    assert.equal(t.judgement.passed, false);
    assert.equal(s.calls(), 0);
  });

  void it('passes after holding for the duration, sampling along the way', async () => {
    const s = sequence(NONE);
    const t0 = Date.now();
    const t = await judgeOverTime({ present: false, for: '300ms' }, NONE, s.reobserve, env, opts());
    const took = Date.now() - t0;
    assert.equal(t.judgement.passed, true);
    assert.ok(took >= 290 && took < 600, `took ${took}ms`);
    assert.ok(s.calls() >= 3, `sampled ${s.calls()} times`);
  });

  void it('fails when the step deadline comes before the duration has passed', async () => {
    const s = sequence(NONE);
    const t0 = Date.now();
    const t = await judgeOverTime({ present: false, for: '5s' }, NONE, s.reobserve, env, opts({ deadline: t0 + 200 }));
    assert.equal(t.judgement.passed, false);
    assert.match(t.judgement.found, /timed out before 5s had passed/);
    assert.ok(Date.now() - t0 < 500);
  });

  void it('a step that cannot be observed again is judged once, with a note', async () => {
    const t = await judgeOverTime({ exitCode: 0, for: '5s' }, obsOf(undefined, { exitCode: 0 }), undefined, env, opts());
    assert.equal(t.judgement.passed, true);
    assert.match(t.note ?? '', /cannot be observed again/);
  });
});
