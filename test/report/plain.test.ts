import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PlainReporter } from '../../src/report/terminal/plain.js';
import { createTerminalReporter, type TerminalOptions } from '../../src/report/terminal/index.js';
import type { RunEvent } from '../../src/execute/events.js';
import { FAILED, INTERRUPTED, NASTY_NAME, PARALLEL, PASSED, type Replayed } from '../fixtures/results/replayed.js';
import { CaptureStream } from './capture.js';

const SUMMARY = /^\d+ passed, \d+ failed, \d+ skipped/;
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[/;

// Step durations are measured: any duration.
const D = String.raw`\(\d+(?:\.\d+)?m?s\)`;
const hasLine = (lines: string[], re: string): boolean => lines.some((l) => new RegExp(`^${re}$`).test(l));
const failedRun = (): Replayed => FAILED;
const passedRun = (): Replayed => PASSED;

async function render(run: Replayed, o: Partial<TerminalOptions> = {}, events: RunEvent[] = run.events): Promise<CaptureStream> {
  const stream = new CaptureStream(false);
  const reporter = await createTerminalReporter({ stream, env: {}, quiet: false, renderer: 'plain', ...o });
  assert.ok(reporter instanceof PlainReporter);
  for (const e of events) reporter.onEvent(e);
  await reporter.close();
  return stream;
}

void describe('plain renderer', () => {
  void it('writes one line per step with position, label and duration, and ends with the summary', async () => {
    const out = await render(failedRun());
    const lines = out.lines;
    assert.ok(lines.includes('▶ Sandbox isolation on Linux (runc vs gVisor) (scenarios/linux/sandbox-isolation.yaml)'), out.text);
    assert.ok(hasLine(lines, `  ✔ \\[2/7\\] proc-top: docker top lists ping ${D}`), out.text);
    const failAt = lines.findIndex((l) => new RegExp(`^  ✖ \\[6/7\\] sbx-host-ping: No host process of the sandboxed container runs ping ${D}$`).test(l));
    assert.ok(failAt > 0, out.text);
    const sbx = FAILED.world.runsc.slice(0, 12);
    assert.equal(lines[failAt + 1], `      expected no host process of container sbx (${sbx}) named ping, for 150ms; found PID ${FAILED.world.leakedPing} /tmp/isocheck-replay-bin/ping 127.0.0.2 (owned by sbx ${sbx}) (because ping runs on gVisor's kernel, not the host's)`);
    assert.match(lines[failAt + 2] ?? '', /^ {6}view: host \(\/proc\) — stopped holding after \d+ms$/);
    assert.ok(lines.includes('  ↓ [7/7] sbx-host-sandbox: Instead the host has the sandbox that wraps the container — not run: an earlier step did not pass'));
    assert.ok(lines.includes('  ↓ skipped: requires a Windows host (this host is Linux); requires a Windows engine (this engine is Linux)'), out.text);
    assert.ok(lines.includes("      view: runtime (runsc ps) — engine top listed PIDs 1, which are not this container's processes on the host; using the runtime (runsc ps) instead"), 'view note of a step with notes');
    assert.match(lines.at(-1) ?? '', SUMMARY);
    assert.match(lines.at(-1) ?? '', new RegExp(`^0 passed, 1 failed, 1 skipped ${D}$`));
    const reasons = lines.indexOf('Skipped:');
    assert.ok(reasons > failAt && reasons < lines.length - 1, 'skip reasons come before the summary');
    assert.match(lines[reasons + 1] ?? '', /Hyper-V isolation \(Windows\) .*: requires a Windows host/);
  });

  void it('uses no cursor movement or spinner: every write ends a line', async () => {
    const out = await render(passedRun());
    assert.ok(out.chunks.every((c) => c.endsWith('\n')));
    assert.ok(!out.text.includes('\r') && !out.text.includes('\u001b'), 'no carriage return or escape');
  });

  void it('has no ANSI codes with NO_COLOR, and colours with FORCE_COLOR even when not a TTY', async () => {
    const none = await render(failedRun(), { env: { NO_COLOR: '1' } });
    assert.doesNotMatch(none.text, ANSI);
    const notTTY = await render(failedRun(), { env: {} });
    assert.doesNotMatch(notTTY.text, ANSI);
    const forced = await render(failedRun(), { env: { FORCE_COLOR: '1' } });
    assert.match(forced.text, ANSI);
    assert.ok(forced.text.includes('\u001b[32m✔\u001b[39m [2/7] proc-top'), 'green tick');
    // the summary line itself is never coloured, so it still starts with the counts
    assert.match(forced.lines.at(-1) ?? '', SUMMARY);
    const tty = new CaptureStream(true);
    const r = await createTerminalReporter({ stream: tty, env: { NO_COLOR: '' }, quiet: false, renderer: 'plain' });
    for (const e of passedRun().events) r.onEvent(e);
    await r.close();
    assert.doesNotMatch(tty.text, ANSI, 'NO_COLOR set (even empty) wins over a TTY');
  });

  void it('in quiet mode prints failures with their messages and the summary, no passing steps', async () => {
    const out = await render(failedRun(), { quiet: true });
    assert.ok(!out.lines.some((l) => l.includes('✔')), out.text);
    assert.ok(!out.lines.some((l) => l.startsWith('▶')), 'no scenario headers');
    assert.ok(hasLine(out.lines, `\\[Sandbox isolation on Linux \\(runc vs gVisor\\)\\] ✖ \\[6/7\\] sbx-host-ping: No host process of the sandboxed container runs ping ${D}`), out.text);
    assert.ok(out.lines.some((l) => l.includes('expected no host process of container sbx') && l.includes(`found PID ${FAILED.world.leakedPing}`)));
    assert.match(out.lines.at(-1) ?? '', SUMMARY);
    const ok = await render(passedRun(), { quiet: true });
    assert.equal(ok.lines.length, 1);
    assert.match(ok.lines[0] ?? '', new RegExp(`^1 passed, 0 failed, 0 skipped ${D}$`));
  });

  void it('prefixes lines with the scenario name once scenarios run in parallel', async () => {
    const out = await render(PARALLEL);
    assert.ok(hasLine(out.lines, `\\[Sandbox isolation on Linux \\(runc vs gVisor\\)\\]   ✔ \\[2/7\\] proc-top: docker top lists ping ${D}`), out.text);
    assert.ok(out.lines.some((l) => l.startsWith(`[${NASTY_NAME}]   ✖ [1/1] echo: Print awkward text`)), out.text);
    assert.match(out.lines.at(-1) ?? '', SUMMARY);
    const serial = await render(failedRun());
    assert.ok(!serial.lines.some((l) => l.startsWith('[')), 'no prefix when scenarios run one at a time');
  });

  void it('says when the run is interrupted, and which steps did not finish', async () => {
    const out = await render(INTERRUPTED);
    assert.ok(out.lines.includes('⚠ Interrupted (SIGINT): stopping and cleaning up…'), out.text);
    assert.ok(hasLine(out.lines, `  ✖ \\[6/7\\] sbx-host-ping: No host process of the sandboxed container runs ping ${D}`), out.text);
    assert.ok(out.lines.some((l) => /^⚠ Interrupted by SIGINT: the run stopped early \(2 scenarios did not finish\)\.$/.test(l)));
    assert.ok(out.lines.includes('  ⚠ Second scenario (scenarios/replay/second.yaml): interrupted before it started'), 'a scenario that never started is named in the summary');
    assert.match(out.lines.at(-1) ?? '', SUMMARY);
  });
});
