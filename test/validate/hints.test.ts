// Hints where authors got stuck (issue 10): each at the file:line:col of the value to change, with
// the problem code it always had. Also the new matcher keys' validation (notMatches, block, exitCode).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { expectOne, HEAD, problemsOf, single } from './helpers.js';

const command = (rest: string): string => `${HEAD}steps:\n  - kind: command\n    command: [echo]\n${rest}`;
const expect = (item: string): string => command(`    expect:\n      - ${item}\n`);

void describe('hints', () => {
  void it('an unquoted ${x} in a flow list: "quote this value", at the ${', () => {
    const p = expectOne(problemsOf(`${HEAD}vars:\n  x: abc\nsteps:\n  - kind: command\n    command: [echo, \${x}]\n`), 'yaml-syntax', 7, 21);
    assert.match(p.message, /; quote this value: "\$\{x\}" \(in \[ … \] and \{ … \} YAML reads an unquoted \{ as the start of a mapping\)$/);
    // The whole plain scalar is what to quote; a quoted one before it is not the culprit.
    const q = expectOne(problemsOf(`${HEAD}steps:\n  - kind: command\n    command: [echo, "\${a}", pre\${b}]\n`), 'yaml-syntax', 5, 29);
    assert.match(q.message, /quote this value: "pre\$\{b\}"/);
    // Split over lines: the line of the ${, not the line where YAML noticed.
    const r = single(problemsOf(`${HEAD}steps:\n  - kind: command\n    command: [\n      echo,\n      \${x}\n    ]\n`), 'yaml-syntax');
    assert.deepEqual([r.line, r.col], [7, 7]);
    assert.match(r.message, /quote this value: "\$\{x\}"/);
  });

  void it('an unquoted ${x} in a flow mapping gets the hint once, on the first error', () => {
    const problems = problemsOf(`${HEAD}steps:\n  - kind: run\n    image: alpine\n    env: {A: \${x}}\n`);
    const hinted = problems.filter((p) => /quote this value/.test(p.message));
    assert.equal(hinted.length, 1);
    assert.deepEqual([hinted[0]?.line, hinted[0]?.col], [6, 14]);
  });

  void it('a because: whose text has ": " (a compact mapping error): quote this value, at the value', () => {
    const p = expectOne(problemsOf(expect('exitCode: 0\n        because: the page says: no host')), 'yaml-syntax', 8, 18);
    assert.match(p.message, /the ": " in the value of "because" makes it a mapping: quote this value: because: "the page says: no host"$/);
  });

  void it('a because: that YAML did read as a mapping: the schema error says to quote it', () => {
    const p = expectOne(problemsOf(expect('exitCode: 0\n        because:\n          the page says: no host')), 'wrong-type', 9, 11);
    assert.match(p.message, /^"because" must be a string, not a mapping; YAML read the text as a mapping because of the ": " in it: quote this value: "the page says: no host"$/);
  });

  void it('isolation: gvisor / runsc suggest sandbox, kata suggests hyperv, runc process; sandbox on a Windows engine is warned', () => {
    const run = (mode: string, requires = ''): string => `${HEAD}${requires}steps:\n  - kind: run\n    image: alpine\n    isolation: ${mode}\n`;
    assert.match(expectOne(problemsOf(run('gvisor')), 'bad-value', 6, 16).message, /^"gvisor" is not an isolation mode; did you mean "sandbox"\? \(gVisor is the sandbox mode/);
    assert.match(expectOne(problemsOf(run('runsc')), 'bad-value', 6, 16).message, /did you mean "sandbox"\?/);
    assert.match(expectOne(problemsOf(run('Kata')), 'bad-value', 6, 16).message, /did you mean "hyperv"\?/);
    assert.match(expectOne(problemsOf(run('runc')), 'bad-value', 6, 16).message, /did you mean "process"\?/);
    assert.match(expectOne(problemsOf(run('procss')), 'bad-value', 6, 16).message, /did you mean "process"\?/);
    const win = problemsOf(run('sandbox', 'requires:\n  engine: windows\n  isolation: [hyperv, sandbox]\n'));
    assert.deepEqual(win.map((p) => [p.code, p.severity, p.line, p.col]), [['isolation-os', 'warning', 5, 23], ['isolation-os', 'warning', 9, 16]]);
    assert.match(win[0]?.message ?? '', /a Windows engine has no sandbox .* did you mean "hyperv"\?/);
    assert.deepEqual(problemsOf(run('sandbox', 'requires:\n  engine: linux\n  isolation: [sandbox]\n')), []);
  });

  void it('a bare contains/matches/notContains under an expectation suggests output: { … }, one problem', () => {
    for (const key of ['contains', 'matches', 'notContains', 'block']) {
      const p = expectOne(problemsOf(expect(`${key}: hi`)), 'unknown-key', 7, 9);
      assert.equal(p.message, `unknown key "${key}" in expectation; did you mean "output: { ${key}: … }"? (${key} is a check on a text: put it under output or stderr)`);
    }
  });

  void it('pid: on a run step is a run option (no "did you mean id"); on another step it says run steps only', () => {
    assert.deepEqual(problemsOf(`${HEAD}steps:\n  - kind: run\n    image: alpine\n    pid: host\n`), []);
    assert.match(expectOne(problemsOf(`${HEAD}steps:\n  - kind: run\n    image: alpine\n    pidd: host\n`), 'unknown-key', 6, 5).message, /did you mean "pid"\?$/);
    const p = expectOne(problemsOf(`${HEAD}steps:\n  - kind: command\n    pid: host\n    command: [echo]\n`), 'unknown-key', 5, 5);
    assert.equal(p.message, 'unknown key "pid" in command step; "pid" is an option of run steps only (a command step does not start a container)');
    assert.doesNotMatch(p.message, /did you mean "id"/);
  });
});

void describe('new matcher keys in the validator', () => {
  void it('exitCode: a number, {not: N} or {in: [...]}; wrong forms say which', () => {
    for (const ok of ['exitCode: 0', 'exitCode: { not: 0 }', 'exitCode: { in: [0, 1] }']) assert.deepEqual(problemsOf(expect(ok)), [], ok);
    assert.equal(expectOne(problemsOf(expect('exitCode: { not: 0, in: [1] }')), 'bad-value', 7, 19).message, '"exitCode" takes at most 1 of: not, in');
    assert.equal(expectOne(problemsOf(expect('exitCode: {}')), 'bad-value', 7, 19).message, '"exitCode" needs at least one of: not, in');
    assert.match(expectOne(problemsOf(expect('exitCode: { nto: 0 }')), 'unknown-key', 7, 21).message, /did you mean "not"\?$/);
    assert.match(expectOne(problemsOf(expect('exitCode: zero')), 'wrong-type', 7, 19).message, /must be a whole number or a mapping, not "zero"$/);
    assert.equal(expectOne(problemsOf(expect('exitCode: { in: [] }')), 'bad-value', 7, 25).message, '"in" must not be an empty list');
  });

  void it('notMatches is a regex checked like matches: bad-regex at the offending part of the value', () => {
    assert.deepEqual(problemsOf(expect('output: { notMatches: "^pong$" }')), []);
    const p = expectOne(problemsOf(expect('output: { notMatches: "a(b" }')), 'bad-regex', 7, 32);
    assert.match(p.message, /"a\(b" is not a valid RE2 regular expression: missing closing \)/);
    expectOne(problemsOf(expect('stderr: { notMatches: "x[z-a]" }')), 'bad-regex', 7, 34); // at z-a
  });

  void it('block: a non-empty string; its ${x} must be defined', () => {
    assert.deepEqual(problemsOf(expect('output:\n          block: |\n            a [..] b\n            ...\n')), []);
    expectOne(problemsOf(expect('output: { block: "" }')), 'bad-value', 7, 26);
    assert.equal(single(problemsOf(expect('output: { block: "pid ${nope}" }')), 'unknown-reference').line, 7);
  });
});
