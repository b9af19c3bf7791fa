// redact: and host-table scoping, from a real run: the executor runs real processes (command
// steps; engine facts from the recorded `docker info` of test/helpers/fake-docker.ts). The secret
// is in a command's argv, its stdout and stderr, a capture and a failed expectation's message; no
// report (plain, live, JSON, JUnit, Markdown plain and normalized) may show it.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunEvent } from '../../src/execute/events.js';
import type { CommandRecord, RunResult } from '../../src/execute/results.js';
import { runAll } from '../../src/execute/runner.js';
import { execaSpawn } from '../../src/execute/spawn.js';
import { fingerprint } from '../../src/plan/engine.js';
import { hostFacts } from '../../src/plan/requirements.js';
import { renderJson } from '../../src/report/files/json.js';
import { renderJUnit } from '../../src/report/files/junit.js';
import { renderMarkdown } from '../../src/report/files/markdown.js';
import { Redactor, tableSummary } from '../../src/report/redact.js';
import { createTerminalReporter } from '../../src/report/terminal/index.js';
import { stripAnsi } from '../../src/report/terminal/style.js';
import type { Scenario, Step } from '../../src/types.js';
import { detectDocker } from '../plan/engines.js';
import { fakeDocker } from '../helpers/fake-docker.js';
import { CaptureStream } from './capture.js';

const SECRET = 's3cr3t-4242';
const TOKEN = 'tok_abcdef';

const LEAKY: Scenario = {
  name: 'leaky', description: 'a secret everywhere',
  redact: ['s3cr3t-[0-9]+', { pattern: 'tok_[a-z]+', as: '<token>' }],
  steps: [
    { kind: 'command', id: 'say', command: ['sh', '-c', `echo out ${SECRET} ${TOKEN}; echo err ${SECRET} >&2`], capture: { secret: { regex: '(s3cr3t-[0-9]+)', group: 1 } } },
    { kind: 'command', id: 'use', command: ['echo', 'got ${secret}'], expect: [{ output: { contains: 'missing ${secret}' } }] },
  ] as Step[],
};

let dir = '';
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isocheck-report-redact-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(scenario: Scenario): Promise<{ result: RunResult; events: RunEvent[] }> {
  const engine = await detectDocker(execaSpawn, fakeDocker(dir, 'garbled-top'));
  const events: RunEvent[] = [];
  const result = await runAll([{ file: 'leaky.yaml', index: 0, scenario }], {
    spawn: execaSpawn, engine, host: hostFacts(), runId: 'redact', signal: new AbortController().signal, vars: {}, jobs: 1,
    environment: fingerprint(engine), emit: (e) => events.push(e),
  });
  return { result, events };
}

async function terminal(events: RunEvent[], renderer: 'plain' | 'live'): Promise<string> {
  const stream = new CaptureStream(renderer === 'live');
  const reporter = await createTerminalReporter({ stream, env: {}, quiet: false, renderer });
  for (const e of events) reporter.onEvent(e);
  await reporter.close();
  return stripAnsi(stream.text);
}

describe('redact: secrets never reach a report', () => {
  it('the run used the real value; every report shows [REDACTED] (or the rule\'s own text) instead', async () => {
    const { result, events } = await run(LEAKY);
    assert.equal(result.status, 'failed');
    const [say, use] = result.scenarios[0]?.steps ?? [];
    // The real secret went through: the second command echoed it (redacted only in the record).
    assert.equal(use?.output, 'got [REDACTED]\n');
    assert.deepEqual(say?.captures, { secret: '[REDACTED]' });
    assert.match(say?.commands[0]?.argv.join(' ') ?? '', /echo out \[REDACTED\] <token>; echo err \[REDACTED\]/);
    assert.equal(say?.commands[0]?.stderr, 'err [REDACTED]\n');
    assert.match(use?.expectations[0]?.message ?? '', /missing \[REDACTED\]/);
    const reports: Record<string, string> = {
      plain: await terminal(events, 'plain'),
      live: await terminal(events, 'live'),
      json: renderJson(result),
      junit: renderJUnit(result),
      markdown: renderMarkdown(result, { normalize: false }),
      normalized: renderMarkdown(result, { normalize: true }),
    };
    for (const [name, text] of Object.entries(reports)) {
      assert.ok(!text.includes('s3cr3t'), `${name} shows the secret:\n${text}`);
      assert.ok(!text.includes('tok_'), `${name} shows the token:\n${text}`);
      assert.match(text, /REDACTED/, name);
    }
    for (const name of ['json', 'junit', 'markdown'] as const) assert.match(reports[name] ?? '', /token/, name);
  });

  it('a secret too long for one linear-time pass is redacted line by line', () => {
    const r = new Redactor(['s3cr3t-[0-9]+']);
    const line = `a ${SECRET} b\n`;
    const big = line.repeat(2_000_000 / line.length);
    const out = r.text(big);
    assert.ok(!out.includes('s3cr3t'));
    assert.equal(out.split('\n').length, big.split('\n').length);
  });
});

describe('host process tables stay out of reports', () => {
  const dump = 'W root:x:0:0::/root:/bin/sh\nP 1\nS 1 (init) S 0\nC\n 73 6c 65 65 70\nP 4242\nS 4242 (sleep) S 1\nEND\n';
  const rec = (purpose: string): CommandRecord => ({ argv: ['docker', 'exec', 'p', 'sh'], exitCode: 0, stdout: dump, stderr: '', startedAt: '', durationMs: 1, timedOut: false, purpose });

  it('a probe dump is recorded as a summary unless the host-processes step says show: all', () => {
    const r = new Redactor();
    const purpose = 'host process table (probe container on remote)';
    assert.equal(r.command(rec(purpose), { kind: 'host-processes' }).stdout, `<2 processes, ${dump.length} bytes: not recorded (show: all to keep)>`);
    assert.equal(r.command(rec(purpose), { kind: 'top' }).stdout, tableSummary(dump), 'the top step\'s ownership checks too');
    assert.equal(r.command(rec(purpose), { kind: 'host-processes', show: 'all' }).stdout, dump);
    assert.equal(r.command(rec('runtime view'), { kind: 'top' }).stdout, dump, 'other commands keep their output');
  });
});
