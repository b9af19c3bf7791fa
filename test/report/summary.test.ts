import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunResult } from '../../src/execute/results.js';
import { SUMMARY_LINE_RE, failureLines, stepLabel, summaryBlock, summaryLine, viewNote } from '../../src/report/summary.js';
import { ENVIRONMENT_ERROR, FAILED, INTERRUPTED, PASSED } from '../fixtures/results/replayed.js';

const failedRun = (): RunResult => FAILED.result;
const short = (id: string): string => id.slice(0, 12);
const DURATION = String.raw`\(\d+(\.\d+)?m?s\)`;

void describe('summary', () => {
  void it('starts with N passed, N failed, N skipped and ends with the duration', () => {
    const line = summaryLine(failedRun());
    assert.match(line, new RegExp(`^0 passed, 1 failed, 1 skipped ${DURATION}$`));
    assert.equal(summaryLine({ totals: { passed: 1, failed: 0, skipped: 0 }, durationMs: 4500 }), '1 passed, 0 failed, 0 skipped (4.50s)');
    assert.match(line, /^\d+ passed, \d+ failed, \d+ skipped/);
    assert.match(line, SUMMARY_LINE_RE);
  });

  void it('lists skip reasons before the summary line', () => {
    const block = summaryBlock(failedRun());
    assert.equal(block.at(-1), summaryLine(failedRun()));
    assert.ok(block.some((l) => l.includes('Hyper-V isolation (Windows)') && l.endsWith('requires a Windows host (this host is Linux); requires a Windows engine (this engine is Linux)')), block.join('\n'));
  });

  void it('says so for an interrupted run, and for an environment error', () => {
    const intr = summaryBlock(INTERRUPTED.result);
    assert.ok(intr.some((l) => /Interrupted by SIGINT/.test(l)), intr.join('\n'));
    assert.match(intr.at(-1) ?? '', SUMMARY_LINE_RE);
    const env = summaryBlock(ENVIRONMENT_ERROR.result);
    assert.ok(env.some((l) => l.includes('Cannot connect to the Docker daemon')), env.join('\n'));
    assert.equal(summaryBlock(PASSED.result).length, 1);
  });

  void it('labels steps by id and title, and gives failed expectations as expected/found lines', () => {
    const s = failedRun().scenarios[0];
    assert.ok(s);
    const failed = s.steps[5];
    assert.ok(failed);
    assert.equal(stepLabel(failed), 'sbx-host-ping: No host process of the sandboxed container runs ping');
    assert.equal(stepLabel({ title: 'just a title' }), 'just a title');
    const lines = failureLines(failed);
    assert.equal(lines.length, 1);
    assert.ok(lines[0]?.startsWith(`expected no host process of container sbx (${short(FAILED.world.runsc)}) named ping, for 150ms; found PID ${FAILED.world.leakedPing} `), lines[0]);
    assert.match(lines[0] ?? '', /\(because ping runs on gVisor's kernel, not the host's\)$/);
    const top = s.steps[4];
    assert.ok(top);
    assert.equal(viewNote(top), "view: runtime (runsc ps) — engine top listed PIDs 1, which are not this container's processes on the host; using the runtime (runsc ps) instead");
    assert.equal(viewNote({ notes: [] }), undefined);
  });
});
