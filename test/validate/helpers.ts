// Shared by the validate tests (not a test file itself): fixture paths, the reference scenarios'
// text, and assertions on problems.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Problem } from '../../src/errors.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { validateText } from '../../src/validate/index.js';

export const INVALID_DIR = path.join(PACKAGE_ROOT, 'test', 'fixtures', 'invalid');
export const LINUX_REFERENCE = path.join(PACKAGE_ROOT, 'scenarios', 'linux', 'sandbox-isolation.yaml');
export const WINDOWS_REFERENCE = path.join(PACKAGE_ROOT, 'scenarios', 'windows', 'hyperv-isolation.yaml');

export const fixture = (name: string): string => path.join(INVALID_DIR, name);
export const readText = (file: string): string => fs.readFileSync(file, 'utf8');

/** A scenario's head, for tests that only care about their steps. */
export const HEAD = 'name: test\ndescription: a scenario written for this test\n';

export function problemsOf(text: string, vars?: Record<string, string>): Problem[] {
  return validateText('t.yaml', text, vars ? { vars } : {}).problems;
}

/** Exactly one problem, with this code; returns it. */
export function single(problems: readonly Problem[], code: string): Problem {
  assert.deepEqual(problems.map((p) => p.code), [code], `problems: ${JSON.stringify(problems, null, 1)}`);
  const p = problems[0];
  assert.ok(p);
  return p;
}

/** Exactly one problem with code, at line:col, an error. */
export function expectOne(problems: readonly Problem[], code: string, line: number, col: number): Problem {
  const p = single(problems, code);
  assert.equal(p.severity, 'error');
  assert.deepEqual([p.line, p.col], [line, col], `position of: ${p.message}`);
  return p;
}

/** The problems with this code. */
export const withCode = (problems: readonly Problem[], code: string): Problem[] => problems.filter((p) => p.code === code);

/** 1-based line of the first line of `text` containing `needle`, and the column where it starts. */
export function positionOf(text: string, needle: string, occurrence = 1): { line: number; col: number } {
  let from = -1;
  for (let k = 0; k < occurrence; k++) {
    from = text.indexOf(needle, from + 1);
    assert.notEqual(from, -1, `${needle} not in text`);
  }
  const before = text.slice(0, from);
  const line = before.split('\n').length;
  return { line, col: from - before.lastIndexOf('\n') };
}

/** A writable that keeps what is written (for a CliIO's stdout and stderr). */
export function textSink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}
