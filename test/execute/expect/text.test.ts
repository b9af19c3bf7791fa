import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { exitCode, output, stderr } from '../../../src/execute/expect/text.js';
import { StepInputError } from '../../../src/plan/argv.js';
import { judgeEnv, obsOf, scenarioContext } from '../fixtures.js';

const env = judgeEnv(scenarioContext({ word: 'PING', pat: '^\\d+ packets' }), 'container');

void describe('output', () => {
  const o = obsOf(undefined, { output: 'PING 127.0.0.1 (127.0.0.1): 56 data bytes\n3 packets transmitted\n' });

  void it('contains / notContains, with interpolated values', () => {
    assert.equal(output({ contains: '${word}' }, o, env).passed, true);
    assert.equal(output({ contains: 'pong' }, o, env).passed, false);
    assert.equal(output({ notContains: 'pong' }, o, env).passed, true);
    assert.equal(output({ notContains: '${word}' }, o, env).passed, false);
  });

  void it('matches is a multi-line regular expression; ${re:x} inserts regex syntax, ${x} literal text', () => {
    assert.equal(output({ matches: '${re:pat}' }, o, env).passed, true);
    assert.equal(output({ matches: '${pat}' }, o, env).passed, false);
    assert.equal(output({ matches: '${pat}' }, obsOf(undefined, { output: 'x ^\\d+ packets' }), env).passed, true);
    assert.equal(output({ matches: '^PING 127' }, o, env).passed, true);
    assert.equal(output({ matches: '^packets' }, o, env).passed, false);
  });

  void it('all given parts must hold', () => {
    assert.equal(output({ contains: 'PING', notContains: 'data' }, o, env).passed, false);
    assert.equal(output({ contains: 'PING', notContains: 'pong', matches: 'transmitted$' }, o, env).passed, true);
    const j = output({ contains: 'PING', notContains: 'data' }, o, env);
    assert.equal(j.expected, 'output that contains "PING" and does not contain "data"');
  });

  void it('a regex that cannot run is a step error (bad-regex, regex-too-costly), not a judgement', () => {
    assert.throws(() => output({ matches: '([a-z' }, o, env), (e: unknown) => e instanceof StepInputError && e.code === 'bad-regex' && /output\.matches: "\(\[a-z" is not a valid RE2/.test(e.message));
    const costly = obsOf(undefined, { output: 'a'.repeat(100_000) });
    assert.throws(() => output({ matches: '(.*a){200}$' }, costly, env), (e: unknown) => e instanceof StepInputError && e.code === 'regex-too-costly');
  });

  void it('(a+)+$ against 50 kB of a answers (RE2)', () => {
    assert.equal(output({ matches: '(a+)+$' }, obsOf(undefined, { output: `${'a'.repeat(50_000)}!` }), env).passed, false);
  });

  void it('notMatches: no part of the text matches; on failure found is the line that matched', () => {
    assert.equal(output({ notMatches: '^pong' }, o, env).passed, true);
    const j = output({ notMatches: '\\d+ packets' }, o, env);
    assert.equal(j.passed, false);
    assert.equal(j.expected, 'output that does not match /\\d+ packets/');
    assert.equal(j.found, 'line 2: "3 packets transmitted"');
    // An empty match is found by the first line it matches.
    assert.equal(output({ notMatches: '^$' }, obsOf(undefined, { output: 'a\n\nb' }), env).found, 'line 2: ""');
    assert.throws(() => output({ notMatches: '(' }, o, env), (e: unknown) => e instanceof StepInputError && e.code === 'bad-regex' && /output\.notMatches/.test(e.message));
    assert.equal(output({ notMatches: '(a+)+$' }, obsOf(undefined, { output: `${'a'.repeat(50_000)}!` }), env).passed, true);
  });

  void it('found is the line that decided: the match of a failed "not", the closest line of a failed contains', () => {
    const table = obsOf(undefined, { output: 'UID PID CMD\nroot 1 sleep 60\nroot 7 sh\nroot 9 ps -ef\n' });
    assert.equal(output({ notContains: 'ps -ef' }, table, env).found, 'line 4: "root 9 ps -ef"');
    assert.equal(output({ contains: 'slep 60' }, table, env).found, 'line 2 (the closest of 4): "root 1 sleep 60"');
    assert.equal(output({ matches: '^root \\d+ slep' }, table, env).found, 'line 2 (the closest of 4): "root 1 sleep 60"');
    // Passing: the line that matched; the first failed part decides when several are given.
    assert.equal(output({ contains: 'sh' }, table, env).found, 'line 3: "root 7 sh"');
    assert.equal(output({ contains: 'sleep', notContains: 'ps' }, table, env).found, 'line 4: "root 9 ps -ef"');
    // A long line is shown as a window around the match, not its first 200 characters.
    const long = output({ notContains: 'NEEDLE' }, obsOf(undefined, { output: `${'x'.repeat(1000)}NEEDLE${'y'.repeat(1000)}` }), env).found;
    assert.match(long, /^line 1: "…x+NEEDLEy+…"$/);
    assert.ok(long.length < 220, String(long.length));
    // The message form the reports build stays `expected …; found …` on one line.
    assert.match(`expected ${output({ contains: 'slep' }, table, env).expected}; found ${output({ contains: 'slep' }, table, env).found}`, /^expected .+; found .+/);
  });

  void it('closest line: bounded on a large output (1 MiB of lines in well under a second)', () => {
    const big = obsOf(undefined, { output: `${'abcdefghij klmnop\n'.repeat(55_000)}the wanted line here\n` });
    const t = performance.now();
    const j = output({ contains: 'the wantd line' }, big, env);
    assert.ok(performance.now() - t < 1000, `${performance.now() - t} ms`);
    assert.equal(j.passed, false);
    assert.match(j.found, /^line \d+ \(the closest of \d+\): "/);
  });

  void it('found quotes the text, shortened, or says it was empty', () => {
    assert.equal(output({ contains: 'x' }, obsOf(undefined, { output: '  \n' }), env).found, 'empty output');
    const long = output({ contains: 'x' }, obsOf(undefined, { output: 'y'.repeat(500) }), env).found;
    assert.ok(long.length < 210, String(long.length));
    assert.match(long, /\.\.\."$/);
  });

  void it('judges obs.output, not stdout', () => {
    const o2 = obsOf(undefined, { stdout: 'raw', output: 'table' });
    assert.equal(output({ contains: 'table' }, o2, env).passed, true);
    assert.equal(output({ contains: 'raw' }, o2, env).passed, false);
  });
});

void describe('stderr', () => {
  void it('judges the standard error', () => {
    const o = obsOf(undefined, { stdout: 'fine', stderr: 'Error: No such container: abc\n' });
    assert.equal(stderr({ contains: 'No such container' }, o, env).passed, true);
    assert.equal(stderr({ contains: 'fine' }, o, env).passed, false);
    assert.equal(stderr({ notContains: 'Error' }, o, env).passed, false);
    assert.match(stderr({ notContains: 'Error' }, o, env).expected, /^stderr that does not contain "Error"$/);
    assert.throws(() => stderr({ matches: '(' }, o, env), /stderr\.matches/);
  });
});

void describe('exitCode', () => {
  void it('passes on the exact code only', () => {
    assert.equal(exitCode(0, obsOf(undefined, { exitCode: 0 }), env).passed, true);
    assert.equal(exitCode(0, obsOf(undefined, { exitCode: 1 }), env).passed, false);
    assert.equal(exitCode(125, obsOf(undefined, { exitCode: 125 }), env).passed, true);
  });

  void it('a command that did not finish has no exit code and never passes', () => {
    const j = exitCode(0, obsOf(undefined, { exitCode: null }), env);
    assert.equal(j.passed, false);
    assert.match(j.found, /no exit code/);
    assert.equal(exitCode(0, obsOf(undefined), env).passed, false);
  });

  void it('{not: N} passes on any other code; {in: [...]} on one of them; each says so in words', () => {
    const code = (c: number | null) => obsOf(undefined, { exitCode: c });
    assert.equal(exitCode({ not: 0 }, code(1), env).passed, true);
    assert.equal(exitCode({ not: 0 }, code(0), env).passed, false);
    assert.equal(exitCode({ not: 0 }, code(null), env).passed, false);
    assert.equal(exitCode({ not: 0 }, code(0), env).expected, 'exit code other than 0');
    assert.equal(exitCode({ in: [0, 1] }, code(1), env).passed, true);
    assert.equal(exitCode({ in: [0, 1] }, code(2), env).passed, false);
    assert.equal(exitCode({ in: [0, 1] }, code(2), env).expected, 'exit code one of 0, 1');
    assert.equal(exitCode({ in: [125] }, code(125), env).expected, 'exit code 125');
    assert.equal(exitCode(0, code(0), env).expected, 'exit code 0');
  });

  void it('found includes the stderr excerpt', () => {
    const j = exitCode(0, obsOf(undefined, { exitCode: 125, stderr: 'docker: Error response from daemon: unknown runtime specified runsc.\n' }), env);
    assert.equal(j.found, 'exit code 125: "docker: Error response from daemon: unknown runtime specified runsc."');
  });
});
