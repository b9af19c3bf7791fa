import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SUMMARY_LINE_RE, failureLines, stepLabel, summaryBlock, summaryLine, viewNote } from '../../src/report/summary.js';
import { environmentErrorRun, failedRun, interruptedRun, passedRun } from '../fixtures/results/builders.js';

void describe('summary', () => {
  void it('starts with N passed, N failed, N skipped and ends with the duration', () => {
    const line = summaryLine(failedRun());
    assert.equal(line, '0 passed, 1 failed, 1 skipped (4.50s)');
    assert.match(line, /^\d+ passed, \d+ failed, \d+ skipped/);
    assert.match(line, SUMMARY_LINE_RE);
  });

  void it('lists skip reasons before the summary line', () => {
    const block = summaryBlock(failedRun());
    assert.equal(block.at(-1), '0 passed, 1 failed, 1 skipped (4.50s)');
    assert.ok(block.some((l) => l.includes('Hyper-V isolation on Windows') && l.endsWith('requires a Windows host')), block.join('\n'));
  });

  void it('says so for an interrupted run, and for an environment error', () => {
    const intr = summaryBlock(interruptedRun());
    assert.ok(intr.some((l) => /Interrupted by SIGINT/.test(l)), intr.join('\n'));
    assert.match(intr.at(-1) ?? '', SUMMARY_LINE_RE);
    const env = summaryBlock(environmentErrorRun());
    assert.ok(env.some((l) => l.includes('Cannot connect to the Docker daemon')), env.join('\n'));
    assert.equal(summaryBlock(passedRun()).length, 1);
  });

  void it('labels steps by id and title, and gives failed expectations as expected/found lines', () => {
    const s = failedRun().scenarios[0];
    assert.ok(s);
    const failed = s.steps[6];
    assert.ok(failed);
    assert.equal(stepLabel(failed), 'sbx-host-ping: No host process of the sandboxed container runs ping');
    assert.equal(stepLabel({ title: 'just a title' }), 'just a title');
    const lines = failureLines(failed);
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? '', /^expected no host process of container sbx \(9c8d7e6f5a4b\) named ping, for 1s; found PID 2735 ping 127\.0\.0\.1/);
    assert.match(lines[0] ?? '', /\(because ping runs on gVisor's kernel, not the host's\)$/);
    assert.equal(viewNote({ view: 'runtime (runsc ps)', notes: ['engine top listed PIDs not in the container'] }), 'view: runtime (runsc ps) — engine top listed PIDs not in the container');
    assert.equal(viewNote({ notes: [] }), undefined);
  });
});
