// Mutated input never crashes the validator and always gets a well-placed answer. 10,000 mutations
// of the two reference scenarios (structural edits of the parsed document, textual splices, byte
// noise) go through validateText; a thousand of them through validatePaths from files; two hundred
// through the real `isocheck validate` in one call. Every problem must name the file and an
// integer line >= 1 and col >= 1, a code and a message; no exception may escape, and none may be
// caught as an "internal" problem either.
//   ISOCHECK_RELIABILITY_MUTATIONS (default 10000), ISOCHECK_RELIABILITY_SEED (replay; logged).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import type { Problem } from '../../src/errors.js';
import { validatePaths, validateText } from '../../src/validate/index.js';
import { MAX_PROBLEMS_PER_FILE } from '../../src/validate/paths.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { envCount, prng, seedFromEnv, STACK, tempDir } from './support.js';

const COUNT = envCount('ISOCHECK_RELIABILITY_MUTATIONS', 10_000);
const ON_DISK = Math.min(COUNT, 1000);
const THROUGH_CLI = Math.min(COUNT, 200);
const SEED = seedFromEnv();
const SOURCES = [
  fs.readFileSync(path.join(ROOT, 'scenarios', 'linux', 'sandbox-isolation.yaml'), 'utf8'),
  fs.readFileSync(path.join(ROOT, 'scenarios', 'windows', 'hyperv-isolation.yaml'), 'utf8'),
];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Rand = () => number;

const TOKENS = [
  '${', '}', '${procPid}', '${proc.id}', '${sbx.name}', '${nope}', '$${x}', '${a b}', '${}', '\t', '\u202e', '\u200b', '\ufeff', '😀', 'é', '\r\n', '\r', '\n', ': ', '- ', ' #', '&a ', '*a', '<<: *a', '---', '...',
  '"', "'", '[', ']', '{', '}', '|', '>', '~', '!!str ', '!!binary ', '%YAML 1.1\n', '? ', 'tops', 'proces', 'isolaton', 'run', 'top', 'host-processes', 'exec', 'command', 'remove', 'proc', 'sbx',
  '5s', '1.5m', '-1', '0', '1e999', '0x10', '.inf', 'yes', 'no', 'null', 'true', '(?<x', '[a-', '(a+)+$', '\\', '\u0007', '\u007f', 'x'.repeat(300),
];
const KEYS = ['name', 'description', 'steps', 'kind', 'id', 'image', 'command', 'isolation', 'runtime', 'env', 'container', 'match', 'expect', 'capture', 'present', 'count', 'countChange', 'since',
  'ownedBy', 'pid', 'pattern', 'output', 'stderr', 'exitCode', 'contains', 'notContains', 'matches', 'eventually', 'for', 'because', 'requires', 'vars', 'timeout', 'stepTimeout', 'view', 'regex', 'group', 'from',
  'equals', 'atLeast', 'atMost', 'title', 'tags', 'source', 'url', 'isolaton', 'kinds', '$schema', '__proto__', 'constructor'];

const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const int = (r: Rand, n: number): number => Math.floor(r() * n);

function randomString(r: Rand): string {
  const n = int(r, 12);
  let s = '';
  for (let i = 0; i < n; i++) {
    const k = r();
    s += k < 0.6 ? String.fromCharCode(32 + int(r, 95)) : k < 0.8 ? String.fromCodePoint(int(r, 0x2ffff)) : k < 0.9 ? String.fromCharCode(int(r, 32)) : pick(r, TOKENS);
  }
  return s;
}

function randomValue(r: Rand, depth = 0): Json {
  const k = r();
  if (k < 0.3) return pick(r, TOKENS);
  if (k < 0.45) return randomString(r);
  if (k < 0.6) return pick(r, [0, 1, -1, 2, 64, 1e6, 0.5, -0.0, 2 ** 53 + 1, 1e300]);
  if (k < 0.7) return pick(r, [true, false, null]);
  if (k < 0.85 && depth < 2) return Array.from({ length: int(r, 4) }, () => randomValue(r, depth + 1));
  if (depth < 2) return Object.fromEntries(Array.from({ length: int(r, 4) }, () => [pick(r, KEYS), randomValue(r, depth + 1)]));
  return pick(r, KEYS);
}

type Node = Json[] | { [k: string]: Json };
function containers(node: Json, out: Node[] = []): Node[] {
  if (node !== null && typeof node === 'object') {
    out.push(node);
    for (const child of Object.values(node)) containers(child, out);
  }
  return out;
}

/** One edit of the parsed document: delete, insert, rename, retype, swap or duplicate. */
function editTree(r: Rand, root: Json): void {
  const all = containers(root);
  const target = pick(r, all);
  if (target === undefined) return;
  const op = pick(r, ['delete', 'insert', 'rename', 'set', 'swap', 'dup'] as const);
  if (Array.isArray(target)) {
    const i = int(r, Math.max(1, target.length));
    if (op === 'delete') target.splice(i, 1);
    else if (op === 'swap') {
      const j = int(r, Math.max(1, target.length));
      [target[i], target[j]] = [target[j] ?? null, target[i] ?? null];
    } else if (op === 'dup') target.splice(i, 0, structuredClone(target[i] ?? null));
    else target.splice(i, op === 'set' ? 1 : 0, randomValue(r));
    return;
  }
  const keys = Object.keys(target);
  const k = keys.length > 0 ? pick(r, keys) : undefined;
  if (op === 'insert' || k === undefined) {
    target[pick(r, KEYS)] = randomValue(r);
    return;
  }
  if (op === 'delete') delete target[k];
  else if (op === 'set') target[k] = randomValue(r);
  else if (op === 'rename') {
    const v = target[k] ?? null;
    delete target[k];
    target[r() < 0.7 ? pick(r, KEYS) : randomString(r)] = v;
  } else if (op === 'swap') {
    const o = pick(r, keys) ?? k;
    [target[k], target[o]] = [target[o] ?? null, target[k] ?? null];
  } else target[`${k}${int(r, 3)}`] = structuredClone(target[k] ?? null);
}

/** One edit of the text: splice a token in, cut a range, duplicate/swap/re-indent a line, truncate. */
function editText(r: Rand, t: string): string {
  const op = int(r, 6);
  const at = int(r, t.length + 1);
  if (op === 0) return t.slice(0, at) + pick(r, TOKENS) + t.slice(at);
  if (op === 1) return t.slice(0, at) + randomString(r) + t.slice(at + int(r, 40));
  if (op === 2) return t.slice(0, at) + t.slice(at + int(r, 200));
  const lines = t.split('\n');
  const i = int(r, lines.length);
  const j = int(r, lines.length);
  if (op === 3) lines.splice(i, 0, lines[j] ?? '');
  else if (op === 4) [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
  else lines[i] = `${' '.repeat(int(r, 7))}${(lines[i] ?? '').trimStart()}`;
  return r() < 0.1 ? lines.join('\n').slice(0, at) : lines.join('\n');
}

/** Byte noise: random bytes (invalid UTF-8, NUL, BOMs) spliced into the encoded text. */
function editBytes(r: Rand, t: string): Uint8Array {
  const b = Buffer.from(t, 'utf8');
  const at = int(r, b.length + 1);
  const noise = pick(r, [
    () => Buffer.from(Array.from({ length: 1 + int(r, 8) }, () => int(r, 256))),
    () => Buffer.from([0xef, 0xbb, 0xbf]),
    () => Buffer.from([0xff, 0xfe]),
    () => Buffer.from([0]),
    () => Buffer.from([0xc3]),
    () => Buffer.from([0xed, 0xa0, 0x80]), // an encoded surrogate: not UTF-8
  ])();
  return Buffer.concat([b.subarray(0, at), noise, b.subarray(at + (r() < 0.3 ? int(r, 4) : 0))]);
}

function mutate(r: Rand): { kind: string; input: string | Uint8Array } {
  const source = pick(r, SOURCES);
  const k = r();
  const n = 1 + int(r, 4);
  if (k < 0.45) {
    const doc = parse(source) as Json;
    for (let i = 0; i < n; i++) editTree(r, doc);
    return { kind: 'structural', input: stringify(doc) };
  }
  if (k < 0.85) {
    let t = source;
    for (let i = 0; i < n; i++) t = editText(r, t);
    return { kind: 'textual', input: t };
  }
  return { kind: 'bytes', input: editBytes(r, source) };
}

/** Every problem is well formed and points into the file. */
function checkProblems(file: string, input: string | Uint8Array, problems: readonly Problem[], where: string): void {
  const lines = (typeof input === 'string' ? input : Buffer.from(input).toString('latin1')).split(/\r\n|\r|\n/).length;
  for (const p of problems) {
    const what = `${where}: ${JSON.stringify(p)}`;
    assert.equal(p.file, file, what);
    assert.ok(Number.isInteger(p.line) && p.line >= 1 && p.line <= lines + 1, `line: ${what}`);
    assert.ok(Number.isInteger(p.col) && p.col >= 1, `col: ${what}`);
    assert.ok(typeof p.code === 'string' && /^[a-z][a-z0-9-]*$/.test(p.code), `code: ${what}`);
    assert.notEqual(p.code, 'internal', `an exception was caught inside the validator: ${what}`);
    assert.ok(typeof p.message === 'string' && p.message.trim().length > 0 && !/\bundefined\b|\[object Object\]/.test(p.message), `message: ${what}`);
    assert.ok(p.severity === 'error' || p.severity === 'warning', `severity: ${what}`);
  }
}

/** Keep the input of a failure for replay. */
function keep(dir: string, i: number, input: string | Uint8Array): string {
  const f = path.join(dir, `failure-${i}.yaml`);
  fs.writeFileSync(f, input);
  return f;
}

test(`${COUNT} mutated scenarios through validateText, ${ON_DISK} through validatePaths, ${THROUGH_CLI} through isocheck validate`, { timeout: 30 * 60_000 }, async () => {
  const r = prng(SEED);
  const dir = tempDir('mut');
  const disk = path.join(dir, 'files');
  const cliDir = path.join(dir, 'cli');
  fs.mkdirSync(disk);
  fs.mkdirSync(cliDir);
  const kinds = new Map<string, number>();
  const codes = new Map<string, number>();
  let accepted = 0;
  let problemsSeen = 0;
  const expected = new Map<string, number>();
  const t0 = Date.now();
  for (let i = 0; i < COUNT; i++) {
    const { kind, input } = mutate(r);
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    const file = `mutation-${i}.yaml`;
    let res: ReturnType<typeof validateText>;
    try {
      res = validateText(file, input);
    } catch (e) {
      assert.fail(`validateText threw on mutation ${i} (seed ${SEED}, kept as ${keep(dir, i, input)}): ${(e as Error).stack}`);
    }
    const where = `mutation ${i} (${kind}, seed ${SEED})`;
    try {
      checkProblems(file, input, res.problems, where);
      const errors = res.problems.filter((p) => p.severity === 'error').length;
      if (res.scenario) assert.equal(errors, 0, `${where}: accepted with errors`);
      else assert.ok(errors >= 1, `${where}: rejected without an error`);
    } catch (e) {
      keep(dir, i, input);
      throw e;
    }
    if (res.scenario) accepted++;
    problemsSeen += res.problems.length;
    for (const p of res.problems) codes.set(p.code, (codes.get(p.code) ?? 0) + 1);
    if (i < ON_DISK) {
      const f = path.join(disk, `m${String(i).padStart(5, '0')}.yaml`);
      fs.writeFileSync(f, input);
      expected.set(f, res.problems.length);
    }
    if (i < THROUGH_CLI) fs.writeFileSync(path.join(cliDir, `m${String(i).padStart(4, '0')}.yaml`), input);
  }
  const inMemoryS = (Date.now() - t0) / 1000;

  // The same inputs from files: validatePaths never throws, problems carry the absolute path.
  const t1 = Date.now();
  const report = await validatePaths([disk]);
  const diskS = (Date.now() - t1) / 1000;
  assert.equal(report.files.length, ON_DISK);
  const byFile = new Map<string, Problem[]>();
  for (const p of report.problems) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p]);
  for (const [f, n] of expected) {
    const ps = byFile.get(f) ?? [];
    checkProblems(f, fs.readFileSync(f), ps, `validatePaths ${path.basename(f)} (seed ${SEED})`);
    // validatePaths lists at most MAX_PROBLEMS_PER_FILE problems of a file, then one more-problems line.
    assert.equal(ps.length, n > MAX_PROBLEMS_PER_FILE ? MAX_PROBLEMS_PER_FILE + 1 : n, `validatePaths and validateText disagree on ${f}`);
    if (n > MAX_PROBLEMS_PER_FILE) assert.equal(ps.at(-1)?.code, 'more-problems', f);
  }

  // Through the real CLI, in one call.
  const cli = runCli(['validate', cliDir], { timeoutMs: 300_000 });
  assert.ok(cli.code === 0 || cli.code === 2, `isocheck validate exit ${cli.code} signal ${cli.signal}\n${cli.stderr.slice(-2000)}`);
  assert.doesNotMatch(cli.stderr, STACK, 'no stack trace on stderr');
  assert.doesNotMatch(`${cli.stdout}${cli.stderr}`, /internal error/, 'no internal error');
  // Problem lines start file:line:col (one problem per line: checked by the next test).
  const cliLines = `${cli.stdout}\n${cli.stderr}`.split('\n').filter((l) => /^\S+\.yaml:[1-9]\d*:[1-9]\d*: /.test(l));
  assert.ok(cli.code === 0 || cliLines.length > 0, 'exit 2 comes with problem lines');

  const top = [...codes].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([c, n]) => `${c} ${n}`).join(', ');
  console.log(
    `mutated-input: ${COUNT} mutated files (${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')}; seed ${SEED}) through validateText in ${inMemoryS.toFixed(1)} s: ${accepted} accepted, ${COUNT - accepted} rejected, ${problemsSeen} problems, all well formed, 0 exceptions; ${ON_DISK} through validatePaths in ${diskS.toFixed(1)} s (same problems); ${THROUGH_CLI} through isocheck validate in one call: exit ${cli.code} in ${(cli.ms / 1000).toFixed(1)} s, ${cliLines.length} problem lines, no stack trace. Most frequent codes: ${top}`,
  );
  assert.ok(accepted < COUNT, 'the mutations do break scenarios');
  fs.rmSync(dir, { recursive: true, force: true });
});

// A key or value of the file is quoted in problem messages; printed raw, its control characters
// would reach the terminal (ESC sequences can clear or rewrite the screen) and a newline would split
// a problem line. Found by this suite, fixed in e007cd0 (formatProblem escapes them).
test('isocheck validate prints no raw control characters from the file (terminal escapes)', () => {
  const dir = tempDir('esc');
  fs.writeFileSync(path.join(dir, 'esc.yaml'), 'name: x\ndescription: y\n"\\e[2J\\e[31mEVIL\\r\\x0f": 1\nsteps:\n  - kind: "com\\nmand"\n    command: [echo]\n');
  const r = runCli(['validate', dir]);
  assert.equal(r.code, 2, r.stderr);
  // Each problem is one line: file:line:col: message [code].
  for (const l of r.stdout.split('\n').filter((x) => x !== '' && !/files? checked/.test(x))) assert.match(l, /^\S+\.yaml:\d+:\d+: .* \[[a-z-]+\]$/, JSON.stringify(l));
  // eslint-disable-next-line no-control-regex
  assert.doesNotMatch(`${r.stdout}${r.stderr}`, /[\x00-\x08\x0b-\x1f\x7f]/, JSON.stringify(`${r.stdout}${r.stderr}`));
  fs.rmSync(dir, { recursive: true, force: true });
});
