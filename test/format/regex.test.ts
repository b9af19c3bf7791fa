import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileRegex } from '../../src/format/regex.js';

test('compileRegex returns a working, reset regex', () => {
  const re = compileRegex('^p(i)ng$', 'm');
  assert.equal(re.exec('x\nping')?.[1], 'i');
  assert.equal(compileRegex('a', 'g').lastIndex, 0);
});

test('compileRegex throws for syntax errors and for patterns V8 accepts but cannot run', () => {
  assert.throws(() => compileRegex('('), SyntaxError);
  // new RegExp() accepts this; its first use throws "Regular expression too large" (seen with
  // a 100 KB value in the reliability suite's hostile corpus).
  const big = 'A'.repeat(102_400);
  let lazy = true;
  try {
    new RegExp(big);
  } catch {
    lazy = false;
  }
  assert.ok(lazy, 'V8 still compiles lazily; if this fails the workaround may be unnecessary');
  assert.throws(() => compileRegex(big), /too large/);
});
