// The page beside the result: a block matcher's page block and output in Markdown code blocks (or
// the diff when they differ), and a multi-line "found" shown line by line in the terminal. From a
// real run of command steps (engine facts from test/helpers/fake-docker.ts's recorded docker info).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunEvent } from '../../src/execute/events.js';
import type { RunResult } from '../../src/execute/results.js';
import { runAll } from '../../src/execute/runner.js';
import { execaSpawn } from '../../src/execute/spawn.js';
import { fingerprint } from '../../src/plan/engine.js';
import { hostFacts } from '../../src/plan/requirements.js';
import { renderMarkdown } from '../../src/report/files/markdown.js';
import { createTerminalReporter } from '../../src/report/terminal/index.js';
import { stripAnsi } from '../../src/report/terminal/style.js';
import type { Scenario, Step } from '../../src/types.js';
import { detectDocker } from '../plan/engines.js';
import { fakeDocker } from '../helpers/fake-docker.js';
import { CaptureStream } from './capture.js';

const PAGE = 'PID   USER  [..]\n1     root  sleep [1]\n';
const BLOCKS: Scenario = {
  name: 'blocks', description: 'a page block that holds and one that does not', onFailure: 'continue',
  steps: [
    { kind: 'command', id: 'same', command: ['printf', 'PID   USER  TIME\\n1     root  sleep [1]\\n'], expect: [{ output: { block: PAGE } }] },
    { kind: 'command', id: 'differs', command: ['printf', 'PID USER TIME\\n2 root sleep `x`\\n'], expect: [{ output: { block: PAGE } }] },
  ] as Step[],
};

let dir = '';
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isocheck-report-page-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(scenario: Scenario): Promise<{ result: RunResult; events: RunEvent[] }> {
  const engine = await detectDocker(execaSpawn, fakeDocker(dir, 'garbled-top'));
  const events: RunEvent[] = [];
  const result = await runAll([{ file: 'blocks.yaml', index: 0, scenario }], {
    spawn: execaSpawn, engine, host: hostFacts(), runId: 'blocks', signal: new AbortController().signal, vars: {}, jobs: 1,
    environment: fingerprint(engine), emit: (e) => events.push(e),
  });
  return { result, events };
}

describe('the page beside the result', () => {
  it('Markdown: page says / we got in code blocks, unescaped; the diff in a diff block under "found"', async () => {
    const md = renderMarkdown((await run(BLOCKS)).result, { normalize: false });
    assert.ok(md.includes('Page says:\n\n```text\nPID   USER  [..]\n1     root  sleep [1]\n```'), md);
    assert.ok(md.includes('We got:\n\n```text\nPID   USER  TIME\n1     root  sleep [1]\n```'), md);
    assert.match(md, / {2}- found: [^\n]*\(- page, \+ actual\):\n\n```diff\n([^\n]*\n)+```\n/);
    assert.ok(md.includes('\n+2 root sleep `x`\n'), md);
    // No Markdown escapes inside code blocks
    for (const block of md.match(/```[a-z]*\n[\s\S]*?```/g) ?? []) assert.ok(!block.includes('\\['), block);
  });

  it('plain and live: a multi-line found is shown line by line, each line escaped, behind a gutter', async () => {
    const { events } = await run(BLOCKS);
    for (const renderer of ['plain', 'live'] as const) {
      const stream = new CaptureStream(renderer === 'live');
      const reporter = await createTerminalReporter({ stream, env: {}, quiet: false, renderer });
      for (const e of events) reporter.onEvent(e);
      await reporter.close();
      const text = stripAnsi(stream.text);
      assert.ok(!text.includes('\\n'), `${renderer}: a literal \\n:\n${text}`);
      assert.match(text, /actual\):\n( +[^\n]*\n)*? +│ \+2 root sleep `x`\n/, renderer); // live wraps the long first line
    }
  });
});
