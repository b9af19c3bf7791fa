// How schema errors read and where they point: one message per mistake, in plain words, at the
// node. Samples: small scenarios written inline here (HEAD plus the steps shown in each test).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HEAD, expectOne, problemsOf } from './helpers.js';

const RUN = '  - id: c\n    kind: run\n    image: busybox\n';

describe('schema problems (inline samples)', () => {
  it('a missing top-level key → missing-key at the mapping', () => {
    const p = expectOne(problemsOf('name: x\ndescription: y\n'), 'missing-key', 1, 1);
    assert.equal(p.message, 'scenario needs "steps"');
  });

  it('a missing step key → missing-key at the step, naming the step kind', () => {
    const p = expectOne(problemsOf(`${HEAD}steps:\n  - kind: top\n    match: { name: ping }\n`), 'missing-key', 4, 5);
    assert.equal(p.message, 'top step needs "container"');
  });

  it('a step without kind → one missing-key listing the kinds', () => {
    const p = expectOne(problemsOf(`${HEAD}steps:\n  - image: busybox\n`), 'missing-key', 4, 5);
    assert.match(p.message, /^step 1 needs "kind": one of run, top, host-processes/);
  });

  it('a kind that is not a string → one unknown-kind at the kind', () => {
    const p = expectOne(problemsOf(`${HEAD}steps:\n  - kind: 5\n`), 'unknown-kind', 4, 11);
    assert.match(p.message, /not 5$/);
  });

  it('errors of a step come only from the branch its kind selects', () => {
    // "view" belongs to top steps; in a run step it is just an unknown key, with no noise from other kinds.
    const p = expectOne(problemsOf(`${HEAD}steps:\n${RUN}    view: engine\n`), 'unknown-key', 7, 5);
    assert.match(p.message, /^unknown key "view" in run step \(allowed: kind, id, title/);
  });

  it('an expectation with no assertion → one no-assertion, not eight "required" errors', () => {
    const p = expectOne(problemsOf(`${HEAD}steps:\n${RUN}    expect:\n      - because: it should\n`), 'no-assertion', 8, 9);
    assert.equal(p.message, 'expectation needs one of: present, count, countChange, pid, ownedBy, output, stderr, exitCode');
  });

  it('a misspelt assertion key → unknown-key only (the no-assertion would repeat it)', () => {
    const p = expectOne(problemsOf(`${HEAD}steps:\n${RUN}    expect:\n      - exitcode: 0\n`), 'unknown-key', 8, 9);
    assert.equal(p.message, 'unknown key "exitcode" in expectation; did you mean "exitCode"?');
  });

  it('a oneOf value reports the branch its type selects: a capture field name', () => {
    const p = expectOne(problemsOf(`${HEAD}steps:\n${RUN}    capture:\n      cid: idd\n`), 'bad-value', 8, 12);
    assert.equal(p.message, '"idd" is not a capture field; did you mean "id"? (id, name, pid, pids, count, stdout, exitCode)');
  });

  it('a oneOf value reports the branch its type selects: count bounds', () => {
    const text = `${HEAD}steps:\n  - kind: host-processes\n    expect:\n      - count: { atleast: 1 }\n`;
    const p = expectOne(problemsOf(text), 'unknown-key', 6, 18);
    assert.equal(p.message, 'unknown key "atleast" in count; did you mean "atLeast"?');
  });

  it('a oneOf value of no branch\'s type → one wrong-type naming the forms', () => {
    const p = expectOne(problemsOf(`${HEAD}steps:\n  - kind: host-processes\n    expect:\n      - count: many\n`), 'wrong-type', 6, 16);
    assert.equal(p.message, '"count" must be a whole number or a mapping, not "many"');
  });

  it('an item of the wrong type in a list of strings → at the item', () => {
    const p = expectOne(problemsOf(`${HEAD}steps:\n${RUN}    command: [ping, 5]\n`), 'wrong-type', 7, 21);
    assert.equal(p.message, '"command" must be a list of strings; item 2 is 5');
  });

  it('an empty value → wrong-type at the key, saying it is empty', () => {
    const p = expectOne(problemsOf(`${HEAD}steps:\n  - kind: run\n    image:\n`), 'wrong-type', 5, 5);
    assert.equal(p.message, '"image" must be a string, not empty');
  });

  it('a number-like key of a mapping is named as a key, not as a list item', () => {
    const problems = problemsOf(`${HEAD}steps:\n${RUN}    env: { A: 2 }\n`);
    assert.deepEqual(problems.map((p) => [p.code, p.line, p.col, p.message]), [['wrong-type', 7, 15, '"A" must be a string, not 2']]);
    const numeric = problemsOf(`${HEAD}steps:\n${RUN}    env: { A: x, 1: y }\n`);
    assert.deepEqual(numeric.map((p) => p.message), ['"1" is not an environment variable name (letters, digits and _)']);
  });

  it('a deeply broken file gives each distinct problem once', () => {
    const problems = problemsOf(`${HEAD}steps: ${'['.repeat(3000)}`);
    const keys = problems.map((p) => `${p.line}:${p.col}:${p.message}`);
    assert.equal(new Set(keys).size, keys.length);
    assert.ok(problems.length <= 3, `${problems.length} problems`);
  });

  it('a bad variable name → bad-value at the key', () => {
    const p = expectOne(problemsOf(`${HEAD}vars:\n  1st: x\nsteps:\n${RUN}`), 'bad-value', 4, 3);
    assert.match(p.message, /^"1st" is not a variable name/);
  });

  it('a duplicate tag → bad-value at the second one', () => {
    const p = expectOne(problemsOf(`${HEAD}tags: [linux, linux]\nsteps:\n${RUN}`), 'bad-value', 3, 15);
    assert.equal(p.message, '"linux" is listed twice in "tags"');
  });

  it('countChange with only since → bad-value naming the bounds', () => {
    const text = `${HEAD}steps:\n  - id: a\n    kind: host-processes\n  - kind: host-processes\n    expect:\n      - countChange: { since: a }\n`;
    const p = expectOne(problemsOf(text), 'bad-value', 8, 22);
    assert.equal(p.message, '"countChange" needs at least one of: equals, atLeast, atMost (besides "since")');
  });

  it('an empty steps list and an empty title → bad-value', () => {
    expectOne(problemsOf(`${HEAD}steps: []\n`), 'bad-value', 3, 8);
    expectOne(problemsOf(`${HEAD}steps:\n${RUN}    title: ""\n`), 'bad-value', 7, 12);
  });

  it('several mistakes → one problem each, sorted by line', () => {
    const text = `${HEAD}timeout: soon\nsteps:\n  - kind: run\n    image: busybox\n    isolation: vm\n    imag: x\n`;
    const problems = problemsOf(text);
    assert.deepEqual(problems.map((p) => [p.code, p.line]), [['bad-value', 3], ['bad-value', 7], ['unknown-key', 8]]);
  });
});
