// The precompiled schema check (scripts/build-schema-check.mjs, run by `npm run build`) must agree
// with the full validator on every value, valid or not; otherwise a file it wrongly accepts would
// never reach the full validator's error messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import YAML from 'yaml';
import { fullCheck, quickCheck } from '../../src/validate/schema.js';
import { ROOT } from '../helpers/cli.js';

const refs = ['linux/sandbox-isolation.yaml', 'windows/hyperv-isolation.yaml'].map(
  (f) => YAML.parse(fs.readFileSync(path.join(ROOT, 'scenarios', f), 'utf8')) as Record<string, unknown>,
);

test('the precompiled check is built and loaded', () => {
  assert.equal(typeof quickCheck(), 'function', 'run npm run build: dist/src/validate/schema-check.cjs is missing');
});

test('the precompiled check agrees with the full validator on mutated scenarios', () => {
  const check = quickCheck();
  assert.ok(check);
  // Mutations: set a random path of a reference scenario to a random JSON value, or delete it.
  const leaf = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }), fc.dictionary(fc.string({ maxLength: 8 }), fc.string(), { maxKeys: 2 }));
  const key = fc.constantFrom('kind', 'image', 'command', 'isolation', 'match', 'expect', 'present', 'count', 'since', 'container', 'name', 'steps', 'requires', 'tags', 'eventually', 'for', 'capture', 'pid', 'x');
  let valid = 0;
  fc.assert(
    fc.property(fc.nat(1), fc.array(fc.tuple(fc.nat(40), key, fc.option(leaf)), { minLength: 1, maxLength: 3 }), (which, edits) => {
      const doc = structuredClone(refs[which]) as Record<string, unknown>;
      for (const [n, k, v] of edits) {
        const steps = (Array.isArray(doc.steps) ? doc.steps : []) as Record<string, unknown>[];
        const step = steps[n];
        const firstExpect = (steps[0]?.expect as Record<string, unknown>[] | undefined)?.[0];
        const target = step !== null && typeof step === 'object' ? step : n % 3 === 0 && firstExpect !== null && typeof firstExpect === 'object' ? firstExpect : doc;
        if (v === null) delete target[k];
        else target[k] = v;
      }
      const q = check(doc);
      if (q) valid++;
      assert.equal(q, fullCheck(doc), JSON.stringify(edits));
    }),
    { numRuns: 1500, seed: 20261129 },
  );
  assert.ok(valid > 0, 'some mutations stay valid, so both answers are exercised');
});
