// The page-block matcher (output/stderr `block:`): trycmd/snapbox's `[..]` and `...`, whitespace
// rules, cost bounds, and the unified diff shown on failure. The `ps -ef` table below has the
// layout procps prints in an alpine container (columns re-spaced the way a docs page re-types them).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { blockDiff } from '../../../src/execute/expect/block-diff.js';
import { BLOCK_LIMIT_CELLS, blockMatches, LineMatcher, lineMatches, trimmedLines } from '../../../src/execute/expect/block.js';
import { output, stderr } from '../../../src/execute/expect/text.js';
import { StepInputError } from '../../../src/plan/argv.js';
import { judgeEnv, obsOf, scenarioContext } from '../fixtures.js';

const env = judgeEnv(scenarioContext({ cmd: 'sleep 60' }), 'container');
const judge = (block: string, text: string) => output({ block }, obsOf(undefined, { output: text }), env);
const holds = (block: string, text: string): boolean => judge(block, text).passed;

const PS = 'UID          PID    PPID  C STIME TTY          TIME CMD\nroot           1       0  0 10:01 ?        00:00:00 sleep 60\nroot           7       0  0 10:01 ?        00:00:00 sh\nroot          13       7  0 10:02 ?        00:00:00 ps -ef\n';
const PAGE = `
UID   PID  PPID  C STIME TTY  TIME     CMD
root    1     0  0 [..]        00:00:00 \${cmd}
...
root  [..]   ps -ef
`;

void describe('block: line rules', () => {
  void it('a page table re-spaced, with [..], ... and ${var}, matches the real table', () => {
    assert.equal(holds(PAGE, PS), true);
    const j = judge(PAGE, PS);
    assert.equal(j.expected, 'output that matches the page block (4 lines)');
    assert.equal(j.found, '4 matching lines');
  });

  void it('trailing whitespace is ignored and runs of spaces/tabs are equal; leading space is not', () => {
    assert.equal(holds('a b\nc', 'a \t  b   \nc\t\n'), true);
    assert.equal(holds('a b', 'ab'), false);
    assert.equal(holds('a', ' a'), false);
  });

  void it('blank lines around the block and around the output are ignored; inside they count', () => {
    assert.equal(holds('\n\n  \na\nb\n\n', '\na\nb\n\n\n'), true);
    assert.equal(holds('a\nb', 'a\n\nb'), false);
    assert.equal(holds('a\n\nb', 'a\n \nb'), true);
  });

  void it('[..] matches any text within one line, never across lines', () => {
    assert.equal(lineMatches('a [..] c', 'a b c'), true);
    assert.equal(lineMatches('a [..] c', 'a  c'), true);
    assert.equal(lineMatches('a [..]c', 'a c'), true);
    assert.equal(lineMatches('[..]', ''), true);
    assert.equal(lineMatches('x[..]y[..]z', 'xyz'), true);
    assert.equal(lineMatches('x[..]y[..]z', 'xzy'), false);
    assert.equal(lineMatches('ab[..]ba', 'aba'), false); // head and tail may not overlap
    assert.equal(holds('a [..] c', 'a b\nc'), false);
  });

  void it('a line that is exactly ... matches any number of lines, none included', () => {
    assert.equal(holds('a\n...\nb', 'a\nb'), true);
    assert.equal(holds('a\n...\nb', 'a\n1\n2\n3\nb'), true);
    assert.equal(holds('...', 'anything\nat all'), true);
    assert.equal(holds('...', ''), true);
    assert.equal(holds('a\n...', 'a'), true);
    assert.equal(holds('a\n...', 'b\na'), false);
    assert.equal(holds('...\nb\n...\nb', 'b\nx\nb\ny'), false); // the last b must be the last line
    assert.equal(holds('...\nb\n...\nb', 'b\nx\nb\ny\nb'), true);
    assert.equal(holds('a ... b', 'a x b'), false); // ... inside a line is literal text
  });

  void it('the whole output must be accounted for: an extra line fails', () => {
    assert.equal(holds('a\nb', 'a\nb\nc'), false);
    assert.equal(holds('a\nb\nc', 'a\nb'), false);
  });

  void it('stderr takes a block too', () => {
    const o = obsOf(undefined, { stderr: 'Error: No such container: abc\n' });
    assert.equal(stderr({ block: 'Error: No such container: [..]' }, o, env).passed, true);
    assert.equal(stderr({ block: 'Error: [..]', contains: 'abc' }, o, env).passed, true);
  });
});

/** The obvious O(page × actual) table: the reference the fast matcher and the diff must agree with. */
function reference(page: string[], actual: string[]): boolean {
  const m = new LineMatcher(page, actual);
  let next = Array.from({ length: actual.length + 1 }, (_, j) => j === actual.length);
  for (let i = page.length - 1; i >= 0; i--) {
    const cur = new Array<boolean>(actual.length + 1).fill(false);
    for (let j = actual.length; j >= 0; j--) {
      cur[j] = m.isAny(i) ? Boolean(next[j]) || (j < actual.length && Boolean(cur[j + 1])) : j < actual.length && m.matches(i, j) && Boolean(next[j + 1]);
    }
    next = cur;
  }
  return Boolean(next[0]);
}

void describe('block: the fast matcher agrees with the reference table', () => {
  void it('on random pages of a, b, a[..], ... against random lines of a, b, ab, ba', () => {
    const pageLine = fc.constantFrom('a', 'b', 'a[..]', '[..]b', '...');
    const actualLine = fc.constantFrom('a', 'b', 'ab', 'ba');
    fc.assert(fc.property(fc.array(pageLine, { maxLength: 7 }), fc.array(actualLine, { maxLength: 9 }), (page, actual) => {
      const m = new LineMatcher(page, actual);
      const fast = blockMatches(m);
      assert.equal(fast, reference(page, actual), JSON.stringify({ page, actual }));
      // A failure's diff shows some change; a pass has nothing to show.
      if (!fast) assert.ok(blockDiff(m).lines.some((l) => /^[-+]/.test(l) && !/^(---|\+\+\+) /.test(l)), JSON.stringify({ page, actual }));
    }), { numRuns: 3000 });
  });
});

void describe('block: [..] agrees with the regex it stands for', () => {
  void it('on random lines over a, b and [..]', () => {
    const text = fc.stringMatching(/^[ab]{0,6}$/);
    const pattern = fc.array(fc.constantFrom('a', 'b', '[..]'), { maxLength: 6 }).map((xs) => xs.join(''));
    fc.assert(fc.property(pattern, text, (p, t) => {
      const re = new RegExp(`^${p.split('[..]').join('.*')}$`);
      assert.equal(lineMatches(p, t), re.test(t), JSON.stringify({ p, t }));
    }), { numRuns: 3000 });
  });
});

void describe('block: cost', () => {
  void it('a hostile block (... then many lines that almost match) is answered in bounded time', () => {
    // Greedy ... with backtracking is block × output steps here: 101 × 40,000, under the limit.
    const page = `...\n${'x[..]\n'.repeat(100)}y`;
    const text = 'x1\n'.repeat(40_000);
    const t = performance.now();
    const j = judge(page, text);
    const ms = performance.now() - t;
    assert.equal(j.passed, false);
    assert.ok(ms < 3000, `${ms} ms`);
    assert.match(j.found, /left out of this diff to bound its cost/);
  });

  void it('many ... lines over 200,000 output lines: linear-ish, and the diff names the last line', () => {
    const t = performance.now();
    const j = judge('...\nx\n...\nx\n...\nx\n...\ny', 'x\n'.repeat(200_000));
    assert.ok(performance.now() - t < 3000, `${performance.now() - t} ms`);
    assert.equal(j.passed, false);
  });

  void it('over the limit (block lines × output lines) is a step error, like regex-too-costly', () => {
    const lines = Math.floor(BLOCK_LIMIT_CELLS / 100) + 1;
    assert.throws(() => judge('x\n'.repeat(100), 'y\n'.repeat(lines)), (e: unknown) => e instanceof StepInputError && e.code === 'block-too-costly' && /output\.block: a block of 100 lines/.test(e.message));
  });
});

void describe('block: the diff shown on failure', () => {
  void it('a changed line: --- page, +++ actual, one hunk, whitespace made visible, and a first line in words', () => {
    const j = judge(PAGE, PS.replace('sleep 60', 'sleep 61 '));
    assert.equal(j.passed, false);
    const [head, ...diff] = j.found.split('\n');
    assert.equal(head, 'output line 2 is "root           1       0  0 10:01 ?        00:00:00 sleep 61 " where the page has "root    1     0  0 [..]        00:00:00 sleep 60" (- page, + actual):');
    assert.deepEqual(diff, [
      '--- page',
      '+++ actual',
      '@@ -1,4 +1,4 @@',
      ' UID          PID    PPID  C STIME TTY          TIME CMD',
      '-root    1     0  0 [..]        00:00:00 sleep 60',
      '+root           1       0  0 10:01 ?        00:00:00 sleep 61·',
      ' ...',
      ' root          13       7  0 10:02 ?        00:00:00 ps -ef',
      '(in - and + lines, · is a space at a line end and → a tab)',
    ]);
    assert.match(`expected ${j.expected}; found ${j.found}`, /^expected .+; found .+/);
  });

  void it('a missing line, an extra line, tabs shown as →; hunks keep 3 lines of context', () => {
    const page = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].join('\n');
    const j = judge(page, 'a\nb\nc\nd\nf\ng\nh\ni\nj\nk\tl\n');
    assert.deepEqual(j.found.split('\n'), [
      'page line 5 "e" is missing from the output (- page, + actual):',
      '--- page',
      '+++ actual',
      '@@ -2,9 +2,9 @@',
      ' b', ' c', ' d', '-e', ' f', ' g', ' h', ' i', ' j', '+k→l',
      '(in - and + lines, · is a space at a line end and → a tab)',
    ]);
    const far = judge(['a', '1', '2', '3', '4', '5', '6', '7', '8', 'b'].join('\n'), 'x\n1\n2\n3\n4\n5\n6\n7\n8\ny\n').found.split('\n');
    assert.deepEqual(far.filter((l) => l.startsWith('@@')), ['@@ -1,4 +1,4 @@', '@@ -7,4 +7,4 @@']);
  });

  void it('is bounded: at most 40 diff lines of at most 200 characters', () => {
    const page = Array.from({ length: 300 }, (_, i) => `page ${i} ${'p'.repeat(400)}`).join('\n');
    const text = Array.from({ length: 300 }, (_, i) => `real ${i}`).join('\n');
    const lines = judge(page, text).found.split('\n');
    assert.ok(lines.length <= 48, String(lines.length));
    assert.ok(lines.every((l) => l.length <= 400), 'long lines are cut');
    assert.match(lines.join('\n'), /… the diff goes on \(600 lines differ in all\)/);
    // Many small hunks: their @@ lines count too.
    const sparse = Array.from({ length: 400 }, (_, i) => (i % 8 === 0 ? `changed ${i}` : `same ${i}`));
    const many = judge(sparse.join('\n'), sparse.map((l) => l.replace('changed', 'other')).join('\n')).found.split('\n');
    assert.ok(many.length <= 46, String(many.length));
    assert.ok(many.filter((l) => l.startsWith('@@')).length >= 5);
  });

  void it('line numbers count the output from its first line (blank lines before it included)', () => {
    const { lines, first } = trimmedLines('\n\nx\ny\n');
    assert.deepEqual([lines, first], [['x', 'y'], 2]);
    const m = new LineMatcher(['x', 'z'], lines);
    assert.equal(blockMatches(m), false);
    assert.match(blockDiff(m, 0, first).first, /^output line 4 is "y" where the page has "z"$/);
  });
});
