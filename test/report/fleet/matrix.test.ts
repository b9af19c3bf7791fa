// The fleet matrix model: one cell per target × scenario, the reasons behind cells, and totals that
// count cells the way a single run counts scenarios.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { environmentFailure } from '../../../src/cli/commands/run-support.js';
import { fleetTotals } from '../../../src/execute/fleet-result.js';
import { fingerprint } from '../../../src/plan/engine.js';
import { buildMatrix } from '../../../src/report/fleet/matrix.js';
import { FAILED, HYPERV_FILE, HYPERV_NAME, INTERRUPTED, NASTY, SANDBOX_FILE, SANDBOX_NAME } from '../../fixtures/results/replayed.js';
import { ENGINE_ERROR, fleetOf, mixedFleet, reachable, SELECTED, stoppedBeforeStart, unreachable } from './fleets.js';

void describe('fleet matrix', () => {
  void it('has a column per scenario (by file, first appearance) and a row per target, in order', () => {
    const m = buildMatrix(mixedFleet());
    assert.deepEqual(m.columns, [{ file: SANDBOX_FILE, name: SANDBOX_NAME }, { file: HYPERV_FILE, name: HYPERV_NAME }]);
    assert.deepEqual(m.rows.map((r) => r.target.name), ['local', 'second', 'edge']);
    assert.deepEqual(m.rows.map((r) => r.cells.map((c) => c.kind)), [['fail', 'skip'], ['pass', 'skip'], ['env-error', 'env-error']]);
    assert.deepEqual(m.rows.map((r) => r.unreachable), [false, false, true]);
  });

  void it('gives the failing step and its expected/found line, the skip reason, and the unreachable target once', () => {
    const m = buildMatrix(mixedFleet());
    const fail = m.rows[0]?.cells[0]?.reason ?? '';
    assert.match(fail, /^sbx-host-ping: expected no host process of container sbx \([0-9a-f]{12}\) named ping.*; found PID \d+ /);
    assert.ok(!fail.includes('\n'));
    const [target, ...cells] = m.reasons;
    assert.deepEqual(target && { kind: target.kind, targets: target.targets, columns: target.columns }, { kind: 'target', targets: ['edge'], columns: [] });
    assert.equal(target?.text, `unreachable: ${ENGINE_ERROR}`);
    // The Windows scenario is skipped on two targets for the same reason: one reason naming both.
    const skip = cells.find((r) => r.kind === 'skip');
    assert.deepEqual(skip?.targets, ['local', 'second']);
    assert.deepEqual(skip?.columns, [2]);
    assert.match(skip?.text ?? '', /requires a Windows host/);
    assert.equal(cells.filter((r) => r.kind === 'env-error').length, 0, 'no reason per cell of an unreachable target');
  });

  void it('counts cells as a single run counts scenarios: an unreachable target\'s scenarios are failed (not run)', () => {
    const f = mixedFleet();
    assert.deepEqual(f.totals, { passed: 1, failed: 3, skipped: 2, deviations: 0 });
    // The same scenarios, unreachable in a single run: the totals of its RunResult.
    const single = environmentFailure(new Error(ENGINE_ERROR), fingerprint(null, ENGINE_ERROR), SELECTED);
    const edge = f.targets[2];
    assert.deepEqual(edge?.result.totals, single.totals);
    assert.deepEqual(fleetTotals([edge].filter((t) => t !== undefined)), { passed: 0, failed: SELECTED.length, skipped: 0, deviations: 0 });
  });

  void it('tells a scenario error (a reached engine) from an environment error, and interrupted from not run', () => {
    const m = buildMatrix(fleetOf([reachable('local', NASTY.result), reachable('stopped', INTERRUPTED.result), stoppedBeforeStart('late')]));
    // Columns: the two nasty scenarios, INTERRUPTED's two, then the Windows one the stopped target had selected.
    assert.deepEqual(m.columns.map((c) => c.name), [NASTY.result.scenarios[0]?.name, NASTY.result.scenarios[1]?.name, SANDBOX_NAME, 'Second scenario', HYPERV_NAME]);
    const nasty = m.rows[0]?.cells ?? [];
    assert.deepEqual(nasty.map((c) => c.kind), ['fail', 'error', 'not-run', 'not-run', 'not-run']);
    assert.match(nasty[1]?.reason ?? '', /^broken: error \[command-failed\]: the command exited with code 1/);
    // INTERRUPTED: the reference scenario was stopped in a step; the second never started.
    assert.deepEqual(m.rows[1]?.cells.slice(2, 4).map((c) => [c.kind, c.reason]), [
      ['interrupted', 'interrupted by SIGINT'],
      ['not-run', 'interrupted before it started'],
    ]);
    // Stopped before its engine was asked: the shipped scenarios (other files) are not run.
    assert.ok(m.rows[2]?.cells.every((c) => c.kind === 'not-run'));
  });

  void it('merges one reason over several columns when the targets and text are the same', () => {
    const m = buildMatrix(fleetOf([stoppedBeforeStart('a'), stoppedBeforeStart('b')]));
    assert.deepEqual(m.reasons.map((r) => [r.kind, r.columns, r.targets, r.text]), [['not-run', [1, 2], ['a', 'b'], 'interrupted before it started']]);
  });

  void it('keeps a scenario a target did not run as "not run" rather than dropping the column', () => {
    const m = buildMatrix(fleetOf([reachable('a', FAILED.result), unreachable('b')]));
    assert.equal(m.columns.length, 2, 'the unreachable target\'s scenarios land in the reachable one\'s columns');
    const onlyOne = buildMatrix(fleetOf([reachable('a', FAILED.result), reachable('b', NASTY.result)]));
    assert.equal(onlyOne.columns.length, 4);
    assert.deepEqual(onlyOne.rows[1]?.cells.slice(0, 2).map((c) => c.kind), ['not-run', 'not-run']);
  });
});
