// Claims, known deviations and per-step stderr/exit codes in every report, from a real run: the
// executor runs real processes (command steps; engine facts from the recorded `docker info` of
// test/helpers/fake-docker.ts), and its RunResult and events go through the plain and live
// renderers, JUnit and Markdown. Claim text and reasons carry markup and controls on purpose.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import type { RunEvent } from '../../src/execute/events.js';
import type { RunResult } from '../../src/execute/results.js';
import { runAll } from '../../src/execute/runner.js';
import { execaSpawn } from '../../src/execute/spawn.js';
import { fingerprint } from '../../src/plan/engine.js';
import { hostFacts } from '../../src/plan/requirements.js';
import { STDERR_LIMIT, renderJUnit } from '../../src/report/files/junit.js';
import { renderMarkdown } from '../../src/report/files/markdown.js';
import { SUMMARY_LINE_RE, deviationLine, summaryLine } from '../../src/report/summary.js';
import { createTerminalReporter } from '../../src/report/terminal/index.js';
import { stripAnsi } from '../../src/report/terminal/style.js';
import type { Scenario, Step } from '../../src/types.js';
import { detectDocker } from '../plan/engines.js';
import { fakeDocker } from '../helpers/fake-docker.js';
import { CaptureStream } from './capture.js';

const CLAIM = 'A <b>bold</b> & "quoted" claim\u001b[2J';
const REASON = 'gVisor <answers> & differs\u001b[31m';

const DEVIATES: Scenario = {
  name: 'deviates', description: 'one claim deviates as known',
  source: { url: 'https://gvisor.dev/docs/', quote: 'The page\'s <own> sentence.' },
  steps: [
    { kind: 'command', id: 'noisy', command: ['sh', '-c', 'echo out; echo "warn <&> ]]>" >&2; exit 4'], expect: [{ exitCode: 4 }] },
    { kind: 'command', id: 'dev', command: ['echo', 'gvisor'], claim: CLAIM, knownDeviation: REASON, expect: [{ output: { contains: 'runc' } }] },
  ] as Step[],
};
const XPASS: Scenario = {
  name: 'xpass', description: 'the marker is stale',
  steps: [{ kind: 'command', id: 'stale', command: ['echo', 'runc'], claim: { text: 'It says runc.', url: 'https://example.org/p#:~:text=runc' }, knownDeviation: 'it used to differ', expect: [{ output: { contains: 'runc' } }] }] as Step[],
};

let dir = '';
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isocheck-report-claims-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(scenarios: Scenario[], strict = false): Promise<{ result: RunResult; events: RunEvent[] }> {
  const engine = await detectDocker(execaSpawn, fakeDocker(dir, 'garbled-top'));
  const events: RunEvent[] = [];
  const result = await runAll(scenarios.map((scenario, index) => ({ file: `${scenario.name}.yaml`, index, scenario })), {
    spawn: execaSpawn, engine, host: hostFacts(), runId: 'claims', signal: new AbortController().signal, vars: {}, jobs: 1, strict,
    environment: fingerprint(engine), emit: (e) => events.push(e),
  });
  return { result, events };
}

async function terminal(events: RunEvent[], renderer: 'plain' | 'live'): Promise<string[]> {
  const stream = new CaptureStream(renderer === 'live');
  const reporter = await createTerminalReporter({ stream, env: {}, quiet: false, renderer });
  for (const e of events) reporter.onEvent(e);
  await reporter.close();
  return stripAnsi(stream.text).split('\n');
}

describe('known deviations and claims in the reports', () => {
  it('the summary line keeps its form; the deviations have their own line after it', async () => {
    const { result } = await run([DEVIATES]);
    assert.equal(result.status, 'passed');
    assert.deepEqual(result.totals, { passed: 1, failed: 0, skipped: 0, deviations: 1 });
    assert.match(summaryLine(result), SUMMARY_LINE_RE);
    assert.equal(deviationLine(result), `1 known deviation (not failures): deviates › dev: command dev: ${REASON}`);
    for (const renderer of ['plain', 'live'] as const) {
      const lines = await terminal((await run([DEVIATES])).events, renderer);
      const at = lines.findIndex((l) => SUMMARY_LINE_RE.test(l));
      assert.ok(at >= 0, lines.join('\n'));
      assert.match(lines[at] ?? '', /^1 passed, 0 failed, 0 skipped/);
      assert.equal(lines[at + 1], '1 known deviation (not failures): deviates › dev: command dev: gVisor <answers> & differs\\x1b[31m', renderer);
    }
  });

  it('plain marks the step as a known deviation with the reason, what differed and the claim, escaped', async () => {
    const lines = await terminal((await run([DEVIATES])).events, 'plain');
    const at = lines.findIndex((l) => l.includes('[2/2] dev:'));
    assert.match(lines[at] ?? '', /^ {2}≠ \[2\/2\] dev: command dev \(\d+m?s\) — known deviation: gVisor <answers> & differs\\x1b\[31m$/);
    assert.equal(lines[at + 1], '      expected output that contains "runc"; found "gvisor"');
    assert.ok(lines.some((l) => /^✔ deviates: passed with 1 known deviation \(\d/.test(l)), lines.join('\n'));
    assert.equal(lines[at + 2], '      claim: "A <b>bold</b> & "quoted" claim\\x1b[2J" — https://gvisor.dev/docs/#:~:text=A%20%3Cb%3Ebold%3C%2Fb%3E%20%26%20%22quoted%22%20claim%1B%5B2J');
  });

  it('JUnit: a deviation is <skipped message="known deviation: …">; every step carries its stderr and exit code', async () => {
    const xml = renderJUnit((await run([DEVIATES])).result);
    assert.equal(XMLValidator.validate(xml), true);
    assert.match(xml, /<skipped message="known deviation: gVisor &lt;answers&gt; &amp; differs\\x1b\[31m">/);
    assert.match(xml, /<system-err>warn &lt;&amp;&gt; \]\]&gt;<\/system-err>/);
    assert.match(xml, /\nexit code: 4<\/system-out>/);
    assert.match(xml, /\nexit code: 0<\/system-out>/);
    assert.match(xml, /<property name="isocheck.source.quote" value="The page&apos;s &lt;own&gt; sentence."\/>/);
  });

  it('JUnit bounds a step\'s stderr and says how much it left out', async () => {
    const loud: Scenario = { name: 'loud', description: 'loud', steps: [{ kind: 'command', id: 'loud', command: ['sh', '-c', 'head -c 100000 /dev/zero | tr "\\0" e >&2'] }] as Step[] };
    const xml = renderJUnit((await run([loud])).result);
    const err = /<system-err>(e+)\n\[… (\d+) more characters not shown\]<\/system-err>/.exec(xml);
    assert.ok(err, xml.slice(0, 2000));
    assert.equal(err[1]?.length, STDERR_LIMIT);
    assert.equal(Number(err[2]), 100_000 - STDERR_LIMIT);
  });

  it('an unexpected pass fails everywhere, telling the author to remove the marker, with the claim and link', async () => {
    const { result, events } = await run([XPASS]);
    assert.equal(result.status, 'failed');
    const xml = renderJUnit(result);
    assert.match(xml, /<failure message="unexpected pass: the step is marked knownDeviation \(it used to differ\) but every expectation passed; remove knownDeviation \| claim: &quot;It says runc.&quot; — https:\/\/example.org\/p#:~:text=runc" type="unexpected-pass">/);
    const lines = await terminal(events, 'plain');
    assert.ok(lines.includes('      unexpected pass: the step is marked knownDeviation (it used to differ) but every expectation passed; remove knownDeviation'), lines.join('\n'));
    assert.ok(lines.includes('      claim: "It says runc." — https://example.org/p#:~:text=runc'));
    const live = (await terminal(events, 'live')).join('\n');
    assert.match(live, /remove knownDeviation/);
    const md = renderMarkdown(result, { normalize: false });
    assert.match(md, /\*\*✖ unexpected pass: the step is marked knownDeviation \(it used to differ\) but every expectation passed; remove knownDeviation\*\*/);
  });

  it('--strict: the deviation is a failure, and the line after the summary says so', async () => {
    const { result } = await run([DEVIATES], true);
    assert.equal(result.status, 'failed');
    assert.match(summaryLine(result), /^0 passed, 1 failed, 0 skipped/);
    assert.match(deviationLine(result) ?? '', /^1 known deviation \(failures under --strict\): /);
    assert.match(renderJUnit(result), /<failure message="known deviation, a failure under --strict: gVisor &lt;answers&gt;[^"]*" type="known-deviation">/);
  });

  it('Markdown: the quote under the source, the claim and the deviation next to the step, escaped', async () => {
    const md = renderMarkdown((await run([DEVIATES])).result, { normalize: true });
    assert.ok(md.includes('> The page\'s \\<own\\> sentence.'), md);
    assert.ok(md.includes('### ≠ 2. dev: command dev (<duration>)'), md);
    assert.ok(md.includes('Claim: “A \\<b\\>bold\\</b\\> & "quoted" claim\\\\x1b\\[2J” — [on the page](https://gvisor.dev/docs/#:~:text=A%20%3Cb%3Ebold%3C%2Fb%3E%20%26%20%22quoted%22%20claim%1B%5B2J)'), md);
    assert.ok(md.includes('**≠ Known deviation** (not a failure): gVisor \\<answers\\> & differs\\\\x1b\\[31m'), md);
    assert.ok(md.includes('2 of 2 steps passed') === false && md.includes('1 of 2 steps passed, 1 known deviation'), md);
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(md, /\u001b/);
  });
});
