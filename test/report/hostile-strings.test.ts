// Every renderer, fed a run where EVERY string field (names, titles, outputs, argv, expected/found,
// because, notes, views, errors, skip reasons, cleanup errors, ids, host and engine facts, progress
// messages, capture names and values…) carries control sequences: ESC [2J, OSC 0/52 with BEL and ST,
// C1 CSI/OSC/NEL, CR, LF + a forged `✔ Everything passed` and summary line, U+202E, U+2028, a lone
// surrogate and NUL. The strings are replaced by a generic walk (test/helpers/hostile-text.ts), so
// a field added to execute/results.ts later is covered without touching this test.
// Checked: no raw control in what is written (the renderers' own colour and cursor codes aside),
// no forged line at the start of a line, one summary line, and JSON/JUnit still parse.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { XMLValidator } from 'fast-xml-parser';
import type { RunEvent } from '../../src/execute/events.js';
import type { RunResult } from '../../src/execute/results.js';
import { renderJson } from '../../src/report/files/json.js';
import { renderJUnit } from '../../src/report/files/junit.js';
import { renderMarkdown } from '../../src/report/files/markdown.js';
import { createTerminalReporter } from '../../src/report/terminal/index.js';
import { environmentErrorRun, failedRun, interruptedRun, nastyRun, passedRun, run, sandboxScenario, skippedWindowsScenario, VOLATILE_A, VOLATILE_B } from '../fixtures/results/builders.js';
import { eventsFor } from '../fixtures/results/events.js';
import { countStrings, forgedLines, hostile, LISTR_CONTROL, markdownProse, PAYLOAD, rawControl, STYLE_SGR } from '../helpers/hostile-text.js';
import { CaptureStream } from './capture.js';

const RUNS: Record<string, () => RunResult> = {
  failed: () => failedRun(),
  passed: () => passedRun(),
  interrupted: () => interruptedRun(),
  nasty: () => nastyRun(),
  'environment error': () => environmentErrorRun(),
  'two scenarios with cleanup errors': () => {
    const a = sandboxScenario(VOLATILE_A, true);
    const b = { ...sandboxScenario(VOLATILE_B, false), file: 'scenarios/linux/other.yaml', name: 'Other' };
    a.cleanup = { removed: ['c1'], errors: ['docker rm failed'] };
    return run([a, b, skippedWindowsScenario()]);
  },
};

/** The run's events (with progress messages), then every string in them made hostile. */
function hostileEvents(r: RunResult, parallel: boolean): RunEvent[] {
  return hostile(eventsFor(r, { parallel, progress: { 0: ['pulling image'], 1: ['waiting'] } }));
}

async function terminal(events: RunEvent[], renderer: 'plain' | 'live', color: boolean, quiet = false): Promise<string> {
  const stream = new CaptureStream(renderer === 'live');
  stream.columns = 4000; // listr wraps at the width: keep escaped payloads on one row
  const env = color ? { FORCE_COLOR: '1' } : { NO_COLOR: '1' };
  const reporter = await createTerminalReporter({ stream, env, quiet, renderer });
  for (const e of events) reporter.onEvent(e);
  await reporter.close();
  return stream.text;
}

function assertInert(name: string, text: string, allowed?: RegExp, shown = true): void {
  const raw = rawControl(text, allowed);
  assert.equal(raw, undefined, `${name}: a raw control reached the output: ${raw}`);
  assert.deepEqual(forgedLines(text, allowed), [], `${name}: a forged line`);
  const stripped = allowed ? text.replace(allowed, '') : text;
  const summaries = stripped.split('\n').filter((l) => /^\s*\d+ passed, \d+ failed, \d+ skipped/.test(l));
  assert.equal(summaries.length, 1, `${name}: summary lines: ${JSON.stringify(summaries)}`);
  // The payload is shown, escaped, somewhere: the renderer did not just drop the text.
  if (shown) assert.ok(stripped.includes('\\x1b[2J') || stripped.includes('\\n✔ Everything passed'), `${name}: the escaped payload is visible`);
}

void describe('hostile strings in every field', () => {
  void it('the walker reaches every string of a result', () => {
    for (const [name, make] of Object.entries(RUNS)) {
      const r = make();
      const h = hostile(r);
      assert.ok(countStrings(r) > 5, name);
      // every non-enum string now ends with the payload
      const all: string[] = [];
      JSON.parse(JSON.stringify(h), (k, v: unknown) => (typeof v === 'string' && !['type', 'status', 'kind', 'key', 'tag'].includes(k) && all.push(v), v));
      assert.ok(all.length >= countStrings(r) && all.every((s) => s.endsWith(PAYLOAD.replace('\ud800', '\ufffd')) || s.endsWith(PAYLOAD)), name);
    }
  });

  for (const [name, make] of Object.entries(RUNS)) {
    void it(`${name}: plain renderer, colour off and on, quiet and not, serial and parallel`, async () => {
      const r = make();
      for (const color of [false, true]) {
        for (const quiet of [false, true]) {
          for (const parallel of [false, true]) {
            const text = await terminal(hostileEvents(r, parallel), 'plain', color, quiet);
            // --quiet prints only the summary line for a run without failures
            assertInert(`plain color=${color} quiet=${quiet} parallel=${parallel}`, text, color ? STYLE_SGR : undefined, !quiet || r.status !== 'passed');
          }
        }
      }
    });

    void it(`${name}: live renderer, colour off and on`, async () => {
      const r = make();
      for (const color of [false, true]) {
        const text = await terminal(hostileEvents(r, false), 'live', color);
        assertInert(`live color=${color}`, text, LISTR_CONTROL);
      }
    });

    void it(`${name}: Markdown (plain and --normalize) has no raw control and no forged line outside code blocks`, () => {
      const r = hostile(make());
      for (const normalize of [false, true]) {
        const md = renderMarkdown(r, { normalize });
        assert.equal(rawControl(md), undefined, `markdown: ${rawControl(md)}`);
        // Outside fenced blocks (whose fence is longer than any backtick run inside) nothing is forged.
        assertInert(`markdown normalize=${normalize}`, markdownProse(md));
      }
    });

    void it(`${name}: JUnit parses and carries no raw control`, () => {
      const xml = renderJUnit(hostile(make()));
      assert.equal(rawControl(xml), undefined, `junit: ${rawControl(xml)}`);
      assert.equal(XMLValidator.validate(xml), true);
      // Attributes (names, messages) are one line: a forged line could only come from an element body.
      for (const attr of xml.matchAll(/ (?:name|message|classname|value|type|file)="([^"]*)"/g)) assert.doesNotMatch(attr[1] ?? '', /\n|&#1[03];/, attr[0]);
    });

    void it(`${name}: JSON keeps every string exactly, is well-formed UTF-8 and cat-safe`, () => {
      const r = hostile(make());
      const json = renderJson(r);
      assert.equal(rawControl(json), undefined, `json: ${rawControl(json)}`);
      // Strict decoding: a lone surrogate written raw would be replaced by U+FFFD on write.
      const bytes = Buffer.from(json, 'utf8');
      const decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      assert.match(decoded, /\\ud800/);
      assert.deepEqual(JSON.parse(decoded), JSON.parse(JSON.stringify(r)));
    });
  }
});
