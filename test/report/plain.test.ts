import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunResult } from '../../src/execute/results.js';
import { PlainReporter } from '../../src/report/terminal/plain.js';
import { createTerminalReporter, type TerminalOptions } from '../../src/report/terminal/index.js';
import { failedRun, interruptedRun, nastyRun, passedRun, run, sandboxScenario, VOLATILE_A } from '../fixtures/results/builders.js';
import { eventsFor, type EventOptions } from '../fixtures/results/events.js';
import { CaptureStream } from './capture.js';

const SUMMARY = /^\d+ passed, \d+ failed, \d+ skipped/;
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[/;

async function render(result: RunResult, o: Partial<TerminalOptions> = {}, ev: EventOptions = {}): Promise<CaptureStream> {
  const stream = new CaptureStream(false);
  const reporter = await createTerminalReporter({ stream, env: {}, quiet: false, renderer: 'plain', ...o });
  assert.ok(reporter instanceof PlainReporter);
  for (const e of eventsFor(result, ev)) reporter.onEvent(e);
  await reporter.close();
  return stream;
}

void describe('plain renderer', () => {
  void it('writes one line per step with position, label and duration, and ends with the summary', async () => {
    const out = await render(failedRun());
    const lines = out.lines;
    assert.ok(lines.includes('▶ Sandbox isolation on Linux (runc vs gVisor) (scenarios/linux/sandbox-isolation.yaml)'), out.text);
    assert.ok(lines.includes('  ✔ [2/9] proc-top: docker top lists ping (48ms)'), out.text);
    assert.ok(lines.includes('  ✖ [7/9] sbx-host-ping: No host process of the sandboxed container runs ping (1.02s)'), out.text);
    const failAt = lines.indexOf('  ✖ [7/9] sbx-host-ping: No host process of the sandboxed container runs ping (1.02s)');
    assert.match(lines[failAt + 1] ?? '', /^ {6}expected no host process of container sbx \(9c8d7e6f5a4b\) named ping, for 1s; found PID 2735 ping 127\.0\.0\.1 \(owned by sbx 9c8d7e6f5a4b\)/);
    assert.equal(lines[failAt + 2], '      view: host (/proc)');
    assert.ok(lines.includes('  ↓ [8/9] sbx-host-sandbox: Instead the host has the sandbox that wraps the container — not run: an earlier step did not pass'));
    assert.ok(lines.includes('  ↓ skipped: requires a Windows host'));
    assert.ok(lines.includes('      view: runtime (runsc ps) — engine top listed PIDs not in the container'), 'view note of a step with notes');
    assert.match(lines.at(-1) ?? '', SUMMARY);
    assert.equal(lines.at(-1), '0 passed, 1 failed, 1 skipped (4.50s)');
    const reasons = lines.indexOf('Skipped:');
    assert.ok(reasons > failAt && reasons < lines.length - 1, 'skip reasons come before the summary');
    assert.match(lines[reasons + 1] ?? '', /Hyper-V isolation on Windows .*: requires a Windows host/);
  });

  void it('uses no cursor movement or spinner: every write ends a line', async () => {
    const out = await render(passedRun(), {}, { progress: { 1: ['waiting for ping', 'waiting for ping', 'found ping'] } });
    assert.ok(out.chunks.every((c) => c.endsWith('\n')));
    assert.ok(!out.text.includes('\r') && !out.text.includes('\u001b'), 'no carriage return or escape');
    // repeated progress messages are said once
    assert.equal(out.lines.filter((l) => l.includes('waiting for ping')).length, 1);
    assert.ok(out.lines.includes('    … [2/9] found ping'));
  });

  void it('has no ANSI codes with NO_COLOR, and colours with FORCE_COLOR even when not a TTY', async () => {
    const none = await render(failedRun(), { env: { NO_COLOR: '1' } });
    assert.doesNotMatch(none.text, ANSI);
    const notTTY = await render(failedRun(), { env: {} });
    assert.doesNotMatch(notTTY.text, ANSI);
    const forced = await render(failedRun(), { env: { FORCE_COLOR: '1' } });
    assert.match(forced.text, ANSI);
    assert.ok(forced.text.includes('\u001b[32m✔\u001b[39m [2/9] proc-top'), 'green tick');
    // the summary line itself is never coloured, so it still starts with the counts
    assert.match(forced.lines.at(-1) ?? '', SUMMARY);
    const tty = new CaptureStream(true);
    const r = await createTerminalReporter({ stream: tty, env: { NO_COLOR: '' }, quiet: false, renderer: 'plain' });
    for (const e of eventsFor(passedRun())) r.onEvent(e);
    await r.close();
    assert.doesNotMatch(tty.text, ANSI, 'NO_COLOR set (even empty) wins over a TTY');
  });

  void it('in quiet mode prints failures with their messages and the summary, no passing steps', async () => {
    const out = await render(failedRun(), { quiet: true });
    assert.ok(!out.lines.some((l) => l.includes('✔')), out.text);
    assert.ok(!out.lines.some((l) => l.startsWith('▶')), 'no scenario headers');
    assert.ok(out.lines.includes('[Sandbox isolation on Linux (runc vs gVisor)] ✖ [7/9] sbx-host-ping: No host process of the sandboxed container runs ping (1.02s)'), out.text);
    assert.ok(out.lines.some((l) => l.includes('expected no host process of container sbx') && l.includes('found PID 2735')));
    assert.match(out.lines.at(-1) ?? '', SUMMARY);
    const ok = await render(passedRun(), { quiet: true });
    assert.deepEqual(ok.lines, ['1 passed, 0 failed, 0 skipped (4.40s)']);
  });

  void it('prefixes lines with the scenario name once scenarios run in parallel', async () => {
    const both = run([sandboxScenario(VOLATILE_A, false), ...nastyRun().scenarios]);
    const out = await render(both, {}, { parallel: true });
    assert.ok(out.lines.includes('[Sandbox isolation on Linux (runc vs gVisor)]   ✔ [2/9] proc-top: docker top lists ping (48ms)'), out.text);
    assert.ok(out.lines.some((l) => l.startsWith('[Nasty <output> & "quotes"]   ✖ [1/2] echo: Print awkward text')), out.text);
    assert.match(out.lines.at(-1) ?? '', SUMMARY);
    const serial = await render(both);
    assert.ok(!serial.lines.some((l) => l.startsWith('[')), 'no prefix when scenarios run one at a time');
  });

  void it('says when the run is interrupted, and which steps did not finish', async () => {
    const out = await render(interruptedRun());
    assert.ok(out.lines.includes('⚠ Interrupted (SIGINT): stopping and cleaning up…'), out.text);
    assert.ok(out.lines.includes('      error [internal]: The operation was aborted'));
    assert.ok(out.lines.some((l) => /^⚠ Interrupted by SIGINT: the run stopped early \(2 scenarios did not finish\)\.$/.test(l)));
    assert.ok(out.lines.includes('  ⚠ Second scenario (scenarios/linux/second.yaml): interrupted before it started'), 'a scenario that never started is named in the summary');
    assert.match(out.lines.at(-1) ?? '', SUMMARY);
  });
});
