// list, plan and validate print what a scenario says (names, titles, tags, vars, argv, problems)
// and what the system says (an engine error): every such value reaches stdout/stderr escaped —
// one line each, no raw control (test/helpers/hostile-text.ts has the payload and the checks).
// The command modules are called directly with a CliIO that collects what they print.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { CliIO } from '../../src/cli/io.js';
import { main as listMain } from '../../src/cli/commands/list.js';
import { main as planMain } from '../../src/cli/commands/plan.js';
import { main as validateMain } from '../../src/cli/commands/validate.js';
import { forgedLines, PAYLOAD, rawControl } from '../helpers/hostile-text.js';

function collectingIO(env: NodeJS.ProcessEnv = {}): CliIO & { out(): string; err(): string } {
  const sink = (): { stream: Writable; text: () => string } => {
    const chunks: string[] = [];
    const stream = new Writable({ write: (c: Buffer | string, _e, done) => (chunks.push(c.toString()), done()) });
    return { stream, text: () => chunks.join('') };
  };
  const o = sink();
  const e = sink();
  return { stdout: o.stream, stderr: e.stream, env, cwd: os.tmpdir(), out: o.text, err: e.text };
}

const q = (s: string): string => JSON.stringify(s);

function scenarioFile(extra: string[] = []): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isocheck-escape-cli-'));
  const file = path.join(dir, 'hostile.yaml');
  fs.writeFileSync(file, [
    `name: ${q(`Name ${PAYLOAD}`)}`,
    `description: ${q(PAYLOAD)}`,
    `vars: { v: ${q(PAYLOAD.replace('\u0000', ''))} }`,
    'steps:',
    '  - kind: command',
    `    title: ${q(`Title ${PAYLOAD}`)}`,
    '    command: [printf, "%s", "${v}"]',
    ...extra,
    '',
  ].join('\n'));
  return file;
}

function assertInert(what: string, text: string): void {
  assert.equal(rawControl(text), undefined, `${what}: ${rawControl(text)}`);
  assert.deepEqual(forgedLines(text), [], `${what}: a forged line`);
}

void describe('hostile text in list, plan and validate output', () => {
  void it('list (text and json) shows names escaped on one line', async () => {
    const file = scenarioFile();
    for (const format of ['text', 'json'] as const) {
      const io = collectingIO();
      assert.equal(await listMain([file], { format }, io), 0, io.err());
      assertInert(`list ${format}`, io.out() + io.err());
      if (format === 'text') assert.match(io.out(), /^ {2}Name \\x1b\[2J\\x1b\]0;pwned-title\\x07/m);
      else assert.equal((JSON.parse(io.out()) as { name: string }[])[0]?.name, `Name ${PAYLOAD}`, 'JSON keeps the exact name');
    }
  });

  void it('plan shows titles, argv and an engine error escaped', async () => {
    const file = scenarioFile();
    // A docker binary that cannot be run: plan says why, in a message that quotes the path.
    const io = collectingIO({ ISOCHECK_DOCKER: `/nonexistent/docker${PAYLOAD.replace('\u0000', '')}` });
    assert.equal(await planMain([file], { format: 'text' }, io), 0, io.err());
    assertInert('plan', io.out() + io.err());
    assert.match(io.out(), /1\. Title \\x1b\[2J/);
    assert.match(io.out(), /\$ printf %s \$'\\x1b\[2J/);
    const json = collectingIO({ ISOCHECK_DOCKER: '/nonexistent/docker' });
    assert.equal(await planMain([file], { format: 'json' }, json), 0);
    assertInert('plan json', json.out());
    assert.ok(JSON.parse(json.out()));
  });

  void it('validate (text and json) quotes a hostile key in a problem escaped', async () => {
    const file = scenarioFile([`    ${q(`bogus${PAYLOAD}`)}: 1`]);
    for (const format of ['text', 'json'] as const) {
      const io = collectingIO();
      assert.equal(await validateMain([file], { format }, io), 2);
      assertInert(`validate ${format}`, io.out() + io.err());
      if (format === 'text') assert.match(io.out(), /bogus\\x1b\[2J/);
    }
  });
});
