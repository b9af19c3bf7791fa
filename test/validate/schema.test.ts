// The full validator's errors of a $ref'd subschema are appended in place (appendRefErrors via
// ajv's code.process hook) instead of ajv's `vErrors.concat`, which made 30,000 bad steps quadratic.
// Sample: the code ajv 8 generates for schema/scenario.schema.json, compiled here.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import Ajv2020Module from 'ajv/dist/2020.js';
import { SCHEMA_PATH } from '../../src/paths.js';
import { appendRefErrors, validateScenarioValue } from '../../src/validate/schema.js';

const Ajv2020 = Ajv2020Module.default;
const OPTIONS = { allErrors: true, discriminator: true, verbose: true, strict: true, allowUnionTypes: true, strictRequired: false } as const;

function compile(process?: (code: string) => string): { codes: string[]; validate: (v: unknown) => unknown[] } {
  const codes: string[] = [];
  const ajv = new Ajv2020({ ...OPTIONS, code: { process: (c: string) => (codes.push(c), process ? process(c) : c) } });
  const fn = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA_PATH, 'utf8')) as object);
  return { codes, validate: (v) => (fn(v) ? [] : [...(fn.errors ?? [])]) };
}

describe('appendRefErrors', () => {
  it('rewrites every concat of $ref errors ajv generates for the scenario schema (so an ajv change shows here)', () => {
    const { codes } = compile();
    const raw = codes.join('\n');
    const sites = raw.match(/vErrors\.concat\(/g)?.length ?? 0;
    assert.ok(sites > 0, 'ajv no longer generates vErrors.concat: revisit appendRefErrors');
    assert.doesNotMatch(appendRefErrors(raw), /\.concat\(/);
  });

  it('gives the same errors, in the same order, as ajv unchanged', () => {
    const value = {
      name: '', description: 'd', vars: { x: 1 }, steps: [
        { kind: 'comand' }, { kind: 'run' }, { kind: 'top', container: 'a', expect: [{ present: 'yes' }, { count: { atLeast: -1 } }, {}] },
        { kind: 'command', command: [], expect: [{ exitCode: 'x', eventually: '1h' }] },
      ],
    };
    const plain = compile().validate(value);
    const patched = compile(appendRefErrors).validate(value);
    assert.ok(plain.length > 5);
    const shape = (errors: unknown[]) => errors.map((e) => { const { instancePath, keyword, schemaPath } = e as Record<string, string>; return `${instancePath} ${keyword} ${schemaPath}`; });
    assert.deepEqual(shape(patched), shape(plain));
    assert.deepEqual(shape(validateScenarioValue(value)), shape(plain));
  });
});
