// The live renderer is listr2's DefaultRenderer writing to the stream we give it (its TTY check is
// overridden, so it renders to this capture stream in tests too). We feed engine events, wait for
// close(), and read the final frame listr leaves on screen.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunResult } from '../../src/execute/results.js';
import { LiveReporter } from '../../src/report/terminal/live.js';
import { createTerminalReporter } from '../../src/report/terminal/index.js';
import { stripAnsi } from '../../src/report/terminal/style.js';
import { failedRun, interruptedRun, nastyRun, run, sandboxScenario, VOLATILE_A } from '../fixtures/results/builders.js';
import { eventsFor } from '../fixtures/results/events.js';
import { CaptureStream } from './capture.js';

/** The last frame listr drew (after its last line erase, before it shows the cursor again). */
function finalFrame(text: string): string {
  const end = text.lastIndexOf('\u001b[?25h');
  assert.ok(end >= 0, 'listr released the stream');
  const before = text.slice(0, end);
  const start = before.lastIndexOf('\u001b[G');
  return stripAnsi(before.slice(start >= 0 ? start + 3 : 0));
}

/** listr wraps at the terminal width: compare with runs of whitespace collapsed. */
const flat = (s: string): string => s.replace(/\s+/g, ' ');

async function live(result: RunResult, feed = eventsFor(result)): Promise<{ stream: CaptureStream; frame: string; after: string }> {
  const stream = new CaptureStream(true);
  const reporter = await createTerminalReporter({ stream, env: {}, quiet: false, renderer: 'live' });
  assert.ok(reporter instanceof LiveReporter);
  for (const e of feed) reporter.onEvent(e);
  await reporter.close();
  const text = stream.text;
  return { stream, frame: flat(finalFrame(text)), after: stripAnsi(text.slice(text.lastIndexOf('\u001b[?25h') + 6)) };
}

void describe('live renderer', () => {
  void it('mirrors the events as a task list with durations, skip reasons and failure messages', async () => {
    const { frame, after } = await live(failedRun());
    assert.ok(frame.includes('✖ Sandbox isolation on Linux (runc vs gVisor) (4.32s)'), frame);
    assert.ok(frame.includes('✔ proc-top: docker top lists ping (48ms)'), frame);
    assert.ok(frame.includes('✖ sbx-host-ping: No host process of the sandboxed container runs ping (1.02s)'), frame);
    assert.ok(frame.includes('expected no host process of container sbx (9c8d7e6f5a4b) named ping, for 1s; found PID 2735 ping 127.0.0.1 (owned by sbx 9c8d7e6f5a4b)'), frame);
    assert.ok(frame.includes('view: host (/proc)'), 'the failed step shows its view');
    assert.ok(frame.includes('view: runtime (runsc ps) — engine top listed PIDs not in the container'), 'a step with a view note shows it');
    assert.ok(frame.includes('↓ sbx-host-sandbox: Instead the host has the sandbox that wraps the container — not run: an earlier step did not pass'), frame);
    assert.ok(frame.includes('↓ Hyper-V isolation on Windows — skipped: requires a Windows host'), frame);
    // steps appear in run order under their scenario
    assert.ok(frame.indexOf('proc-top') < frame.indexOf('sbx-host-ping'));
    // the summary comes after listr is done
    const lines = after.split('\n').filter(Boolean);
    assert.match(lines.at(-1) ?? '', /^0 passed, 1 failed, 1 skipped \(4\.50s\)$/);
    assert.ok(lines.some((l) => l.includes('requires a Windows host')));
  });

  void it('keeps showing the other scenarios when one fails, with scenarios running in parallel', async () => {
    const nasty = nastyRun().scenarios;
    const both = run([...nasty, sandboxScenario(VOLATILE_A, false)]);
    const { frame } = await live(both, eventsFor(both, { parallel: true }));
    assert.ok(frame.includes('✖ echo: Print awkward text (250ms)'), frame);
    assert.ok(frame.includes('✖ broken: A step that errors (5ms)'), frame);
    assert.ok(frame.includes('error [timeout]: step timed out after 20000ms & gave up'), frame);
    assert.ok(frame.includes('✔ Sandbox isolation on Linux (runc vs gVisor) (4.32s)'), frame);
    assert.ok(frame.includes('✔ sandboxes-after: One more runsc-sandbox than before (20ms)'), 'the last step of the other scenario');
  });

  void it('shows an interrupted run, with the scenario that never started as not run', async () => {
    const { frame, after } = await live(interruptedRun());
    assert.ok(frame.includes('✖ proc-host: The host sees the same ping, with the same PID, owned by the container (300ms)'), frame);
    assert.ok(frame.includes('↓ sbx: Start ping in a gVisor container (sandbox isolation) — not run: interrupted'), frame);
    assert.ok(frame.includes('↓ Second scenario — not run (interrupted by SIGINT)'), frame);
    assert.match(after, /Interrupted by SIGINT/);
  });

  void it('finishes on close() even when the engine stopped sending events mid-run', async () => {
    const r = failedRun();
    const events = eventsFor(r);
    const cut = events.findIndex((e) => e.type === 'step:end' && e.result.index === 3);
    const started = events.slice(0, cut);
    started.push({ type: 'step:start', scenario: { key: r.scenarios[0]?.file ?? '', file: r.scenarios[0]?.file ?? '', name: r.scenarios[0]?.name ?? '' }, index: 3, title: 'x', kind: 'host-processes' });
    const { frame, stream } = await live(r, started);
    assert.ok(frame.includes('✔ proc-host'), frame);
    assert.ok(frame.includes('Count gVisor sandboxes before the sandboxed container starts — did not finish'), frame);
    assert.ok(frame.includes('↓ Start ping in a gVisor container (sandbox isolation) — not run'), frame);
    // without run:end there is no result, so no summary line
    assert.doesNotMatch(stripAnsi(stream.text), /\d+ passed, \d+ failed/);
  });
});
