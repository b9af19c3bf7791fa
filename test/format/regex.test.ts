import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileRegex, estimateProgramSize, quoteRegex, REGEX_LIMITS, RegexError } from '../../src/format/regex.js';

const code = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof RegexError, String(e));
    return `${e.code}: ${e.message}`;
  }
  assert.fail('did not throw');
};

void describe('compileRegex (RE2)', () => {
  void it('tests and execs with groups; undefined for a group that did not take part', () => {
    const re = compileRegex('^p(i)ng$|(x)', { multiline: true });
    assert.equal(re.groups, 2);
    assert.deepEqual(re.exec('y\nping'), ['ping', 'i', undefined]);
    assert.deepEqual(re.exec('x\nping'), ['x', undefined, 'x'], 'leftmost match first');
    assert.equal(re.test('pong'), false);
    // No lastIndex state: the same answer twice.
    assert.equal(re.test('ping'), true);
    assert.equal(re.test('ping'), true);
  });

  void it('multiline only when asked: ^ and $ at line ends', () => {
    assert.equal(compileRegex('^b$', { multiline: true }).test('a\nb\nc'), true);
    assert.equal(compileRegex('^b$').test('a\nb\nc'), false);
  });

  void it('accepts RE2 syntax: named groups both ways, classes, \\b, (?i), \\x{..}, \\Q..\\E', () => {
    assert.deepEqual(compileRegex('(?P<a>\\d+)-(?<b>[[:alpha:]]+)').exec('12-ab'), ['12-ab', '12', 'ab']);
    assert.equal(compileRegex('(?i)\\bPING\\b').test('a ping b'), true);
    assert.equal(compileRegex('\\x{41}\\Q.*\\E').test('A.*'), true);
  });

  void it('refuses what RE2 does not have (backreferences, lookaround) as bad-regex', () => {
    assert.match(code(() => compileRegex('(a)\\1')), /^bad-regex: .*not a valid RE2 regular expression: invalid escape sequence/);
    assert.match(code(() => compileRegex('a(?=b)')), /^bad-regex: .*invalid or unsupported Perl syntax/);
    assert.match(code(() => compileRegex('(?<=a)b')), /^bad-regex/);
    assert.match(code(() => compileRegex('([a-z')), /^bad-regex: .*missing closing/);
  });

  void it('refuses huge patterns naming the limit, quickly and without compiling them', () => {
    assert.match(code(() => compileRegex('a'.repeat(100 * 1024))), new RegExp(`^bad-regex: the regular expression is 102400 characters long; the limit is ${REGEX_LIMITS.length}$`));
    assert.match(code(() => compileRegex('(a{1000}){1000}')), /^bad-regex: the regular expression is too large: about \d+ RE2 instructions, the limit is 10000/);
    // Each {1000} alone is legal RE2; together they would compile to ~100,000 instructions (~0.8 s, 100 MB).
    assert.match(code(() => compileRegex('(?:a{1000}b)'.repeat(100))), /too large: about 100\d+ RE2 instructions/);
    assert.match(code(() => compileRegex('x{0,1000}'.repeat(50))), /too large/);
    // RE2's own nesting and nested-repeat limits are bad-regex too.
    assert.match(code(() => compileRegex('('.repeat(2000) + ')'.repeat(2000))), /^bad-regex: .*nests too deeply/);
  });

  void it('a pattern at the limits still compiles', () => {
    assert.equal(compileRegex('a{1000}').test('a'.repeat(1000)), true);
    assert.equal(compileRegex('a'.repeat(REGEX_LIMITS.length - 100)).test(`x${'a'.repeat(REGEX_LIMITS.length - 100)}`.slice(0, 1000)), false);
  });

  void it('(a+)+$ against 50 kB of a (catastrophic for a backtracking engine) answers', () => {
    const s = 'a'.repeat(50_000);
    const re = compileRegex('(a+)+$', { multiline: true });
    assert.equal(re.test(`${s}!`), false);
    assert.equal(re.exec(s)?.[1]?.length, 50_000);
    assert.equal(compileRegex('^(a|aa)+$').test(`${s}b`), false);
  });

  void it('refuses a match whose cost (instructions × characters) is over the budget, naming it', () => {
    const re = compileRegex('(.*a){200}$');
    const over = Math.ceil(REGEX_LIMITS.cost / 1000) + 1000;
    assert.match(code(() => re.exec('a'.repeat(over))), /^regex-too-costly: .*instructions × characters ≤ 10000000, here at most \d+ characters/);
    assert.match(code(() => re.test('a'.repeat(over))), /^regex-too-costly/);
    assert.equal(re.test('a'.repeat(1000)), true);
  });
});

void describe('estimateProgramSize', () => {
  void it('is close to RE2\'s program size and multiplies counted repetitions', () => {
    for (const [p, lo, hi] of [['abc', 3, 5], ['a{1000}', 1000, 1002], ['(?:a{100}){9}', 900, 930], ['x{0,1000}', 2000, 2002], ['\\pL{500}', 500, 502], ['[]a]{10}', 10, 12]] as const) {
      const n = estimateProgramSize(p);
      assert.ok(n >= lo && n <= hi, `${p}: ${n}`);
    }
  });
});

void describe('quoteRegex', () => {
  void it('makes any text match only itself', () => {
    for (const s of ['1.2', 'a+b', '(a+)+$', '\\E(x)\\Q', '[^]', '${x}', 'ü|.*']) {
      const re = compileRegex(`^${quoteRegex(s)}$`);
      assert.equal(re.test(s), true, s);
      assert.equal(re.test(`${s}x`), false, s);
    }
    assert.equal(compileRegex(quoteRegex('1.2')).test('1x2'), false);
  });
});
