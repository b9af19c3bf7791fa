// The live renderer is listr2's DefaultRenderer writing to the stream we give it (its TTY check is
// overridden, so it renders to this capture stream in tests too). We feed engine events, wait for
// close(), and read the final frame listr leaves on screen.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LiveReporter } from '../../src/report/terminal/live.js';
import { createTerminalReporter } from '../../src/report/terminal/index.js';
import { stripAnsi } from '../../src/report/terminal/style.js';
import type { RunEvent } from '../../src/execute/events.js';
import { FAILED, INTERRUPTED, PARALLEL, type Replayed } from '../fixtures/results/replayed.js';
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

// Step durations are measured: any duration.
const D = String.raw`\(\d+(?:\.\d+)?m?s\)`;
const failedRun = (): Replayed => FAILED;

async function live(run: Replayed, feed: RunEvent[] = run.events): Promise<{ stream: CaptureStream; frame: string; after: string }> {
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
    assert.match(frame, new RegExp(`✖ Sandbox isolation on Linux \\(runc vs gVisor\\) ${D}`), frame);
    assert.match(frame, new RegExp(`✔ proc-top: docker top lists ping ${D}`), frame);
    assert.match(frame, new RegExp(`✖ sbx-host-ping: No host process of the sandboxed container runs ping ${D}`), frame);
    const sbx = FAILED.world.runsc.slice(0, 12);
    assert.ok(frame.includes(`expected no host process of container sbx (${sbx}) named ping, for 150ms; found PID ${FAILED.world.leakedPing} /tmp/isocheck-replay-bin/ping 127.0.0.2 (owned by sbx ${sbx})`), frame);
    assert.ok(frame.includes('view: host (/proc)'), 'the failed step shows its view');
    assert.ok(frame.includes("view: runtime (runsc ps) — engine top listed PIDs 1, which are not this container's processes on the host; using the runtime (runsc ps) instead"), 'a step with a view note shows it');
    assert.ok(frame.includes('↓ sbx-host-sandbox: Instead the host has the sandbox that wraps the container — not run: an earlier step did not pass'), frame);
    assert.ok(frame.includes('↓ Hyper-V isolation (Windows) — skipped: requires a Windows host (this host is Linux); requires a Windows engine (this engine is Linux)'), frame);
    // steps appear in run order under their scenario
    assert.ok(frame.indexOf('proc-top') < frame.indexOf('sbx-host-ping'));
    // the summary comes after listr is done
    const lines = after.split('\n').filter(Boolean);
    assert.match(lines.at(-1) ?? '', new RegExp(`^0 passed, 1 failed, 1 skipped ${D}$`));
    assert.ok(lines.some((l) => l.includes('requires a Windows host')));
  });

  void it('keeps showing the other scenarios when one fails, with scenarios running in parallel', async () => {
    const { frame } = await live(PARALLEL);
    assert.match(frame, new RegExp(`✖ echo: Print awkward text ${D}`), frame);
    assert.match(frame, new RegExp(`✖ broken: A step that errors ${D}`), frame);
    assert.ok(frame.includes('error [command-failed]: the command exited with code 1: a < b && c > d'), frame);
    assert.match(frame, new RegExp(`✔ Sandbox isolation on Linux \\(runc vs gVisor\\) ${D}`), frame);
    assert.match(frame, new RegExp(`✔ sbx-host-sandbox: Instead the host has the sandbox that wraps the container ${D}`), 'the last step of the other scenario');
  });

  void it('shows an interrupted run, with the scenario that never started as not run', async () => {
    const { frame, after } = await live(INTERRUPTED);
    assert.match(frame, new RegExp(`✖ sbx-host-ping: No host process of the sandboxed container runs ping ${D}`), frame);
    assert.ok(frame.includes('↓ sbx-host-sandbox: Instead the host has the sandbox that wraps the container — not run: interrupted'), frame);
    assert.ok(frame.includes('↓ Second scenario — not run (interrupted by SIGINT)'), frame);
    assert.match(after, /Interrupted by SIGINT/);
  });

  void it('finishes on close() even when the engine stopped sending events mid-run', async () => {
    // the engine's own events up to step 4's start, then nothing
    const events = failedRun().events;
    const started = events.slice(0, events.findIndex((e) => e.type === 'step:start' && e.index === 3) + 1);
    const { frame, stream } = await live(failedRun(), started);
    assert.ok(frame.includes('✔ proc-host'), frame);
    assert.ok(frame.includes('Start ping in a gVisor container (sandbox isolation) — did not finish'), frame);
    assert.ok(frame.includes("↓ The container's own view lists ping — not run"), frame);
    // without run:end there is no result, so no summary line
    assert.doesNotMatch(stripAnsi(stream.text), /\d+ passed, \d+ failed/);
  });
});
