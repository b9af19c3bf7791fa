import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { patternSource, stepRegex } from '../../src/execute/pattern.js';
import { StepInputError } from '../../src/plan/argv.js';

const values = new Map(Object.entries({ ver: '1.2', alt: 'ping|sleep', open: '(', big: 'x'.repeat(9000) }));
const code = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof StepInputError, String(e));
    return `${e.code}: ${e.message}`;
  }
  assert.fail('did not throw');
};

void describe('stepRegex', () => {
  void it('inserts ${name} as literal text and ${re:name} as regex syntax', () => {
    assert.equal(patternSource('f', 'v${ver}', values), 'v1\\.2');
    assert.equal(patternSource('f', '^(${re:alt})$', values), '^(ping|sleep)$');
    assert.equal(patternSource('f', '$${ver}', values), '${ver}');
    assert.equal(stepRegex('f', 'v${ver}', values).test('v1x2'), false);
    assert.equal(stepRegex('f', '^(?:${re:alt})$', values).test('sleep'), true);
  });

  void it('every refusal is a step error with its code, naming the field', () => {
    assert.match(code(() => stepRegex('match.pattern', 'a${re:open}', values)), /^bad-regex: match\.pattern: "a\(" is not a valid RE2 regular expression/);
    assert.equal(stepRegex('match.pattern', 'a${open}', values).test('a('), true);
    assert.match(code(() => stepRegex('f', '${big}', values)), /^bad-regex: f: after interpolation the regular expression is over 8192 characters, the limit$/);
    assert.match(code(() => stepRegex('f', '${nope}', values)), /^unknown-value: no value for \$\{nope\}/);
    const costly = stepRegex('output.matches', '(.*a){200}$', values, { multiline: true });
    assert.match(code(() => costly.test('a'.repeat(200_000))), /^regex-too-costly: output\.matches: /);
  });
});
