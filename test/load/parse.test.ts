// parseYaml's limits: nesting is bounded (MAX_NESTING) on yaml's syntax tree before anything
// recursive runs, for block, compact, flow and indented forms alike; duplicate keys are found with
// one Set per mapping (yaml's own check compares every pair). Samples: texts built here.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_NESTING, parseYaml } from '../../src/load/parse.js';
import { validateText } from '../../src/validate/index.js';

const HEAD = 'name: x\ndescription: y\n';

/** The nesting forms, `n` collections deep in total (the top-level mapping counts as one). */
const FORMS: Record<string, (n: number) => string> = {
  'compact block sequences (- - - x)': (n) => `${HEAD}steps:\n  ${'- '.repeat(n - 1)}x\n`,
  'flow sequences ([[[…]]])': (n) => `${HEAD}steps: ${'['.repeat(n - 1)}${']'.repeat(n - 1)}\n`,
  'flow mappings ({a: {a: …}})': (n) => `${HEAD}vars: ${'{a: '.repeat(n - 1)}1${'}'.repeat(n - 1)}\n`,
  'indented block mappings': (n) => `${HEAD}vars:\n${Array.from({ length: n - 2 }, (_, i) => `${' '.repeat(i + 1)}a:\n`).join('')}${' '.repeat(n - 1)}1\n`,
  // steps: a list (2) of mappings (3) whose "a" is a list (4) of mappings (5) …: two levels a line.
  'mappings in sequences (- a:\n    - a: …)': (n) => `${HEAD}steps:\n${Array.from({ length: (n - 1) / 2 }, (_, i) => `${' '.repeat(4 * i)}- a:\n`).join('')}${' '.repeat(2 * n)}x\n`,
};

describe('parseYaml nesting limit', () => {
  for (const [name, make] of Object.entries(FORMS)) {
    it(`${name}: ${MAX_NESTING} levels parse, one more is yaml-limit at the collection that goes too deep`, () => {
      assert.ok(parseYaml('t.yaml', make(MAX_NESTING)).parsed, 'the limit itself parses');
      const { parsed, problems } = parseYaml('t.yaml', make(MAX_NESTING + 2));
      assert.equal(parsed, undefined);
      assert.deepEqual(problems.map((p) => p.code), ['yaml-limit']);
      assert.match(problems[0]?.message ?? '', new RegExp(`more than ${MAX_NESTING} levels`));
      assert.ok((problems[0]?.line ?? 0) >= 3, 'points into the nesting, not at 1:1');
    });
  }

  it('points at the first collection past the limit: block form at its "- ", flow form at its "["', () => {
    const block = parseYaml('t.yaml', FORMS['compact block sequences (- - - x)']!(5000)).problems[0];
    assert.deepEqual([block?.line, block?.col], [4, 3 + 2 * (MAX_NESTING - 1)]);
    const flow = parseYaml('t.yaml', FORMS['flow sequences ([[[…]]])']!(200_000)).problems[0];
    assert.deepEqual([flow?.line, flow?.col], [3, 8 + MAX_NESTING - 1]);
  });

  it('a 1 MB file of nothing but nesting is one yaml-limit problem through validateText, never internal', () => {
    for (const text of [`${HEAD}steps: ${'['.repeat(1_000_000)}`, `${HEAD}steps:\n  ${'- '.repeat(500_000)}x\n`, `${'{a: '.repeat(250_000)}`]) {
      assert.deepEqual(validateText('t.yaml', text).problems.map((p) => p.code), ['yaml-limit']);
    }
  });
});

describe('parseYaml duplicate keys', () => {
  it('reports each later copy at its key, in block and flow mappings, with yaml\'s notion of equal keys', () => {
    const text = `${HEAD}steps: []\n"name": again\n1: a\n"1": b\nf: {a: 1, b: 2, a: 3}\n? [k]\n: 1\n? [k]\n: 2\n`;
    const { parsed, problems } = parseYaml('t.yaml', text);
    assert.equal(parsed, undefined);
    assert.deepEqual(problems.map((p) => [p.code, p.line, p.col, p.message]), [
      ['duplicate-key', 4, 1, 'key "name" appears twice in this mapping'],
      ['duplicate-key', 7, 17, 'key "a" appears twice in this mapping'],
    ]);
  });

  it('a mapping with 60,000 distinct keys has no duplicate (and is read: the check is one pass)', () => {
    const vars = Array.from({ length: 60_000 }, (_, i) => `  v${i}: x\n`).join('');
    const { parsed, problems } = parseYaml('t.yaml', `${HEAD}vars:\n${vars}steps: []\n`);
    assert.ok(parsed);
    assert.deepEqual(problems, []);
  });
});
