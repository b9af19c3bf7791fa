// Property test: thousands of mutations of the two reference scenarios (scenarios/linux/
// sandbox-isolation.yaml and scenarios/windows/hyperv-isolation.yaml), at the structure level
// (delete/insert/rename keys, retype values, swap steps, inject strings) and at the text/byte level
// (truncate, insert "${", tabs, NUL, unicode, random bytes). validateText must never throw, must
// either accept the scenario or give at least one error, and every problem must be well formed.
// Runs: ISOCHECK_FUZZ_RUNS (default 2000; the reliability suite uses 10000).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import type { Problem } from '../../src/errors.js';
import { validateText } from '../../src/validate/index.js';
import { LINUX_REFERENCE, WINDOWS_REFERENCE, readText } from './helpers.js';

const RUNS = Number(process.env.ISOCHECK_FUZZ_RUNS ?? '') || 2000;
const SOURCES = [readText(LINUX_REFERENCE), readText(WINDOWS_REFERENCE)];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const SPECIAL = ['${', '${procPid}', '${proc.id}', '${nope.id}', '$${x}', '${a b}', '}', '\t', '\0', '\u202e', '😀', 'ü', '\r\n', ': ', '- ', '#', '&a', '*a', '---', '"', "'", '[', '{', '|', '>', '~', 'tops', 'proces', 'isolaton', 'run', 'top', 'host-processes', 'proc', 'sbx', '5s', '-1', '1e999', '0x10', 'yes', 'null'];
const KEYS = ['name', 'description', 'steps', 'kind', 'id', 'image', 'command', 'isolation', 'container', 'match', 'expect', 'capture', 'present', 'count', 'countChange', 'since', 'ownedBy', 'pid', 'output', 'eventually', 'for', 'requires', 'vars', 'isolaton', 'kinds', 'regex', 'group', 'equals', 'atLeast', 'atMost'];

const text = fc.oneof(fc.constantFrom(...SPECIAL), fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 8 }));
const leaf: fc.Arbitrary<Json> = fc.oneof(text, fc.integer({ min: -5, max: 1e6 }), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null));
const value: fc.Arbitrary<Json> = fc.oneof({ weight: 4, arbitrary: leaf }, fc.array(leaf, { maxLength: 3 }), fc.dictionary(fc.constantFrom(...KEYS), leaf, { maxKeys: 3 }));
const key = fc.oneof(fc.constantFrom(...KEYS), text);

type Edit =
  | { op: 'delete' | 'swap'; at: number; other: number }
  | { op: 'insert' | 'rename'; at: number; key: string; value: Json }
  | { op: 'set'; at: number; value: Json };
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constantFrom('delete' as const, 'swap' as const), at: fc.nat(), other: fc.nat() }),
  fc.record({ op: fc.constantFrom('insert' as const, 'rename' as const), at: fc.nat(), key, value }),
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), value }),
);

type Container = Json[] | { [k: string]: Json };
/** Every container in the tree, so an edit's `at` can pick one. */
function containers(node: Json, out: Container[] = []): Container[] {
  if (node !== null && typeof node === 'object') {
    out.push(node);
    for (const child of Object.values(node)) containers(child, out);
  }
  return out;
}

function apply(root: Json, e: Edit): void {
  const all = containers(root);
  const target = all[e.at % all.length];
  if (!target) return;
  if (Array.isArray(target)) {
    const i = e.at % Math.max(1, target.length);
    if (e.op === 'delete') target.splice(i, 1);
    else if (e.op === 'swap') {
      const j = e.other % Math.max(1, target.length);
      [target[i], target[j]] = [target[j] ?? null, target[i] ?? null];
    } else if ('value' in e) target.splice(i, e.op === 'set' ? 1 : 0, e.value); // set replaces; insert and rename add
    return;
  }
  const keys = Object.keys(target);
  const k = keys[e.at % Math.max(1, keys.length)];
  if (e.op === 'insert') target[e.key] = e.value;
  if (k === undefined) return;
  if (e.op === 'delete') delete target[k];
  else if (e.op === 'set') target[k] = e.value;
  else if (e.op === 'rename') {
    const v = target[k] ?? null;
    delete target[k];
    target[e.key] = v;
  } else if (e.op === 'swap') {
    const other = keys[e.other % keys.length] ?? k;
    [target[k], target[other]] = [target[other] ?? null, target[k] ?? null];
  }
}

const structural = fc.tuple(fc.constantFrom(...SOURCES), fc.array(edit, { minLength: 1, maxLength: 4 })).map(([source, edits]) => {
  const doc = parse(source) as Json;
  for (const e of edits) apply(doc, e);
  return stringify(doc);
});

const textual = fc.tuple(fc.constantFrom(...SOURCES), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 40 }), text), { minLength: 1, maxLength: 4 }), fc.option(fc.nat()))
  .map(([source, splices, cut]) => {
    let t = source;
    for (const [at, drop, insert] of splices) {
      const i = at % (t.length + 1);
      t = t.slice(0, i) + insert + t.slice(i + drop);
    }
    return cut === null ? t : t.slice(0, cut % (t.length + 1));
  });

const bytes = fc.tuple(fc.constantFrom(...SOURCES), fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([source, at, noise]) => {
  const b = Buffer.from(source, 'utf8');
  const i = at % (b.length + 1);
  return Buffer.concat([b.subarray(0, i), noise, b.subarray(i)]);
});

function checkResult(input: string | Uint8Array, result: { scenario?: unknown; problems: Problem[] }): void {
  const errors = result.problems.filter((p) => p.severity === 'error');
  if (result.scenario === undefined) assert.ok(errors.length >= 1, 'a rejected scenario has at least one error');
  else assert.equal(errors.length, 0, 'an accepted scenario has no errors');
  const lines = (typeof input === 'string' ? input : Buffer.from(input).toString('latin1')).split('\n').length;
  for (const p of result.problems) {
    assert.equal(p.file, 'fuzz.yaml');
    assert.ok(Number.isInteger(p.line) && p.line >= 1 && p.line <= lines + 1, `line ${p.line} of ${lines}: ${p.message}`);
    assert.ok(Number.isInteger(p.col) && p.col >= 1, `col ${p.col}`);
    assert.match(p.code, /^[a-z][a-z-]*$/);
    assert.notEqual(p.code, 'internal', `internal error: ${p.message}`);
    assert.ok(p.message.length > 0 && !p.message.includes('undefined'), `message: ${p.message}`);
    assert.ok(p.severity === 'error' || p.severity === 'warning');
  }
}

describe(`validateText under ${RUNS} mutations of the reference scenarios`, () => {
  it('never throws, accepts or gives an error, and every problem is well formed', (t) => {
    let accepted = 0;
    const started = Date.now();
    fc.assert(
      fc.property(fc.oneof(structural, textual, bytes), (input) => {
        const result = validateText('fuzz.yaml', input);
        checkResult(input, result);
        if (result.scenario) accepted++;
      }),
      { numRuns: RUNS },
    );
    const seconds = (Date.now() - started) / 1000;
    t.diagnostic(`fuzz: ${RUNS} runs in ${seconds.toFixed(1)} s, ${accepted} accepted`);
    assert.ok(accepted < RUNS, 'mutations do break scenarios');
  });
});
