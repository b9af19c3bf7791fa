// Each semantic rule: one scenario that breaks it (exactly that problem, at the node, with the
// code) and one near miss that passes. Sample: scenarios/linux/sandbox-isolation.yaml, edited here
// by exact text replacement (each `edit` below says what changed).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Problem } from '../../src/errors.js';
import type { Rule } from '../../src/validate/index.js';
import { RULES, validateText } from '../../src/validate/index.js';
import { LINUX_REFERENCE, positionOf, readText, single } from './helpers.js';

const REFERENCE = readText(LINUX_REFERENCE);

/** The reference scenario with each `from` (which must occur exactly once) replaced by `to`. */
function edit(...replacements: [from: string, to: string][]): string {
  let text = REFERENCE;
  for (const [from, to] of replacements) {
    assert.equal(text.split(from).length, 2, `"${from}" must occur once in the reference scenario`);
    text = text.replace(from, () => to);
  }
  return text;
}

function check(text: string, vars?: Record<string, string>): Problem[] {
  return validateText('linux.yaml', text, vars ? { vars } : {}).problems;
}

/** Exactly one problem with this code at the first occurrence of `at` in the text (plus `shift` columns). */
function fails(text: string, code: string, at: string, message: RegExp | string, options: { severity?: 'error' | 'warning'; vars?: Record<string, string>; shift?: number; occurrence?: number } = {}): void {
  const p = single(check(text, options.vars), code);
  const where = positionOf(text, at, options.occurrence);
  assert.deepEqual([p.line, p.col], [where.line, where.col + (options.shift ?? 0)], p.message);
  assert.equal(p.severity, options.severity ?? 'error');
  if (typeof message === 'string') assert.equal(p.message, message);
  else assert.match(p.message, message);
}

const passes = (text: string, vars?: Record<string, string>): void => assert.deepEqual(check(text, vars), []);

describe('semantic rules (sample: scenarios/linux/sandbox-isolation.yaml, edited)', () => {
  it('the unedited reference passes every rule', () => passes(REFERENCE));

  it('a rule that throws becomes an internal problem of that file, not a crash', () => {
    const rules = RULES as Rule[];
    rules.push({ name: 'boom', check: () => { throw new Error('boom'); } });
    try {
      const result = validateText('linux.yaml', REFERENCE);
      const p = single(result.problems, 'internal');
      assert.match(p.message, /internal error while validating this file \(Error: boom\)/);
      assert.deepEqual([p.file, p.line, p.col, p.severity], ['linux.yaml', 1, 1, 'error']);
      assert.equal(result.scenario, undefined);
    } finally {
      rules.pop();
    }
    passes(REFERENCE);
  });

  it('every rule has a name and is registered once', () => {
    const names = RULES.map((r) => r.name);
    assert.equal(new Set(names).size, names.length);
    assert.ok(names.length >= 11);
  });

  it('duplicate-step-id: proc-host renamed to proc-top', () => {
    fails(edit(['- id: proc-host', '- id: proc-top']), 'duplicate-step-id', 'proc-top', 'step id "proc-top" is already used by step 2', { occurrence: 2 });
    // Near miss: ids are optional, and two steps without one do not clash.
    passes(edit(['- id: proc-host\n    kind: host-processes', '- kind: host-processes'], ['- id: sbx-host-ping\n    kind: host-processes', '- kind: host-processes']));
  });

  describe('unknown-reference', () => {
    it('a misspelt variable → did you mean', () => {
      fails(edit(['"${procPid}"', '"${procPdi}"']), 'unknown-reference', '${procPdi}', 'unknown variable "procPdi"; did you mean "procPid"?');
    });
    it('a variable used before the step that captures it', () => {
      fails(edit(['image: ${image}\n    command: [ping, 127.0.0.1]\n    isolation: process', 'image: ${sbxPid}\n    command: [ping, 127.0.0.1]\n    isolation: process']), 'unknown-reference', '${sbxPid}', 'variable "sbxPid" is used before it is captured (captured in step 5)');
    });
    it('${id.id} of a later run step, and of a step that is not a run step', () => {
      fails(edit(['command: [ping, 127.0.0.1]\n    isolation: process', 'command: [ping, "${sbx.id}"]\n    isolation: process']), 'unknown-reference', '${sbx.id}', /^\$\{sbx\.id\} is used before step "sbx" runs \(step 4\)/);
      fails(edit(['match: { name: runsc-sandbox, container: sbx }', 'match: { name: "${proc-top.name}", container: sbx }']), 'unknown-reference', '${proc-top.name}', /step "proc-top" is a top step; only run steps have \.name/);
    });
    it('a --var counts as defined; ${id.id} of an earlier run step and $${ escapes pass', () => {
      const text = edit(['image: ${image}\n    command: [ping, 127.0.0.1]\n    isolation: sandbox', 'image: ${image}-${tag}\n    command: [ping, "${proc.id}", "$${literal}"]\n    isolation: sandbox']);
      passes(text, { tag: 'v1' });
      fails(text, 'unknown-reference', '${tag}', /^unknown variable "tag"/);
    });
    it('bad-reference: a malformed or unclosed ${', () => {
      fails(edit(['"${procPid}"', '"${proc Pid}"']), 'bad-reference', '${proc Pid}', /^"\$\{proc Pid\}" is not a reference/);
      fails(edit(['match: { name: runsc-sandbox, container: sbx }', 'match: { name: "${procPid", container: sbx }']), 'bad-reference', '${procPid', /is not closed/, { occurrence: 2 });
    });
  });

  describe('unknown-step / wrong-step-kind', () => {
    it('container: names a later step', () => {
      fails(edit(['container: proc\n', 'container: sbx\n']), 'unknown-step', 'sbx\n', 'step "sbx" comes later (step 4); "container" must name an earlier run step');
    });
    it('container: names no step → did you mean an earlier run step', () => {
      fails(edit(['container: proc\n', 'container: prok\n']), 'unknown-step', 'prok', /^no step has id "prok"; did you mean "proc"\?/);
    });
    it('ownedBy: names a top step', () => {
      fails(edit(['- ownedBy: proc\n', '- ownedBy: proc-top\n']), 'wrong-step-kind', 'proc-top\n', 'step "proc-top" is a top step; "ownedBy" must name a run step', { occurrence: 2 });
    });
    it('countChange.since: names a step of another kind', () => {
      fails(edit(['      - count: 1\n', '      - countChange: { since: proc-top, equals: 1 }\n']), 'wrong-step-kind', 'since: proc-top', 'step "proc-top" is a top step; "countChange.since" must name a host-processes step', { shift: 7 });
    });
    it('match.container: of an earlier run step passes (the reference), of itself fails', () => {
      fails(edit(['match: { name: runsc-sandbox, container: sbx }', 'match: { name: runsc-sandbox, container: sbx-host-sandbox }']), 'unknown-step', 'sbx-host-sandbox }', /names this step itself/);
    });
  });

  it('expectation-kind: ownedBy on a top step', () => {
    const text = edit(['      - present: true\n        eventually: 5s\n    capture:\n      procPid: pid', '      - ownedBy: proc\n    capture:\n      procPid: pid']);
    fails(text, 'expectation-kind', 'ownedBy: proc', '"ownedBy" does not apply to a top step (it applies to: host-processes)');
    // Near miss: the reference has ownedBy on a host-processes step.
    assert.match(REFERENCE, /kind: host-processes[^]*- ownedBy: proc/);
  });

  it('capture-kind: pid captured from a run step; id from it passes', () => {
    const text = (field: string) => edit(['isolation: process\n', `isolation: process\n    capture:\n      procContainer: ${field}\n`]);
    fails(text('pid'), 'capture-kind', 'pid\n', 'capture "pid" does not apply to a run step (it applies to: top, host-processes)', { occurrence: 1 });
    passes(text('id'));
  });

  it('one-assertion: present and count in one expectation', () => {
    fails(edit(['      - count: 1\n', '      - count: 1\n        present: true\n']), 'one-assertion', 'present: true\n', /this one has "count" and "present"/, { occurrence: 4 });
  });

  it('eventually-and-for: both on one expectation; each alone passes (reference)', () => {
    fails(edit(['eventually: 5s\n    capture:\n      procPid', 'eventually: 5s\n        for: 1s\n    capture:\n      procPid']), 'eventually-and-for', 'for: 1s\n', /cannot be combined/);
  });

  it('bad-regex: a match pattern that does not compile, and a capture group that does not exist', () => {
    fails(edit(['match: { name: ping, container: sbx }', 'match: { pattern: "ping -(c", container: sbx }']), 'bad-regex', 'ping -(c"', /is not a valid RE2 regular expression: missing closing \)/); // at the part RE2 names
    fails(edit(['procPid: pid', 'procPid: { regex: "ping (\\\\d+)", group: 2 }']), 'bad-regex', '2 }', 'group 2 does not exist: the regex has 1 group');
    passes(edit(['match: { name: ping, container: sbx }', 'match: { pattern: "ping -(c)?", container: sbx }'], ['procPid: pid', 'procPid: { regex: "ping (\\\\d+)", group: 1 }']));
  });

  it('bad-regex: a redact: pattern is checked at load, at the pattern, in both forms; good ones pass', () => {
    fails(edit(['\nsteps:', '\nredact: ["tok(en"]\nsteps:']), 'bad-regex', 'tok(en', /is not a valid RE2 regular expression: missing closing \)/);
    fails(edit(['\nsteps:', '\nredact: [{ pattern: "a[b", as: x }]\nsteps:']), 'bad-regex', '[b", as', /is not a valid RE2 regular expression: missing closing \]/); // at the part RE2 names
    passes(edit(['\nsteps:', '\nredact: ["tok_[a-z]+", { pattern: "s3cr3t-[0-9]+", as: "<secret>" }]\nsteps:']));
  });

  it('bad-regex: RE2 syntax only (no backreferences, no lookaround), and its size limits named', () => {
    const pattern = (p: string): string => edit(['match: { name: ping, container: sbx }', `match: { pattern: ${JSON.stringify(p)}, container: sbx }`]);
    fails(pattern('(p)ing \\1'), 'bad-regex', '"(p)ing', /invalid escape sequence: `\\1`/);
    fails(pattern('ping(?= )'), 'bad-regex', '(?= )', /invalid or unsupported Perl syntax/); // at the part RE2 names
    fails(pattern('a'.repeat(100 * 1024)), 'bad-regex', '"aaa', 'the regular expression is 102400 characters long; the limit is 8192');
    fails(pattern('(a{1000}){1000}'), 'bad-regex', '"(a{', /too large: about \d+ RE2 instructions, the limit is 10000/);
    passes(pattern('(?P<verb>ping) (?<addr>\\d+(?:\\.\\d+){3})'));
  });

  it('a value in a pattern is literal unless ${re:name}; a raw var that breaks the pattern is bad-regex; ${re:} elsewhere is bad-reference', () => {
    const pattern = (p: string): string => edit(['match: { name: ping, container: sbx }', `match: { pattern: ${JSON.stringify(p)}, container: sbx }`]);
    // "(" as a var: literal text by default (fine), regex syntax with re: (does not compile).
    passes(pattern('ping ${frag}'), { frag: '(' });
    fails(pattern('ping ${re:frag}'), 'bad-regex', '"ping', /missing closing \)/, { vars: { frag: '(' } });
    passes(pattern('ping ${re:frag}'), { frag: '(?:127|10)\\.' });
    // A raw capture is only known at run time: it compiles here as an empty group.
    passes(edit(['match: { name: ping, container: sbx }', 'match: { pattern: "PID ${re:procPid}", container: sbx }']));
    fails(edit(['command: [ping, 127.0.0.1]\n    isolation: process', 'command: [ping, "${re:image}"]\n    isolation: process']), 'bad-reference', '${re:image}', /inserts a value as regex syntax, which only match\.pattern/);
    fails(pattern('ping ${re:}'), 'bad-reference', '${re:}', /is not a reference: .*\$\{re:name\} for a value inserted as regex syntax/);
    fails(pattern('ping ${re:nope}'), 'unknown-reference', '${re:nope}', /unknown variable "nope"/);
  });

  it('value-too-large: a var that interpolation would amplify past the limits, named; --var counts', () => {
    const big = 'x'.repeat(100_000);
    const items = (n: number): string => `command: [ping, ${Array.from({ length: n }, () => '"${big}"').join(', ')}]\n    isolation: process`;
    // One element over 128 KiB.
    fails(edit(['command: [ping, 127.0.0.1]\n    isolation: process', 'command: [ping, "${big}${big}"]\n    isolation: process']), 'value-too-large', '"${big}${big}"', /this value is 200000 bytes; one value may have at most 131071 bytes \(Linux refuses an argument over MAX_ARG_STRLEN, 128 KiB\)/, { vars: { big } });
    // Many elements: 11 × 100 kB is over 1 MiB for the step.
    fails(edit(['command: [ping, 127.0.0.1]\n    isolation: process', items(11)]), 'value-too-large', '[ping, "${big}"', /this step's command line is 1100\d+ bytes; a step may have at most 1024 KiB/, { vars: { big } });
    passes(edit(['command: [ping, 127.0.0.1]\n    isolation: process', items(10)]), { big });
    // A pattern has its own limit (8192 characters), with the value quoted as it will be.
    fails(edit(['match: { name: ping, container: sbx }', 'match: { pattern: "${big}", container: sbx }']), 'bad-regex', '"${big}"', /over 8192 characters, the limit/, { vars: { big } });
  });

  it('bad-bounds: atLeast over atMost, and equals with a bound; consistent bounds pass', () => {
    fails(edit(['      - count: 1\n', '      - count: { atLeast: 2, atMost: 1 }\n']), 'bad-bounds', 'atMost', 'atLeast (2) is greater than atMost (1): no number is both');
    fails(edit(['      - count: 1\n', '      - count: { equals: 1, atLeast: 1 }\n']), 'bad-bounds', 'atLeast: 1 }', /"equals" cannot be combined with "atLeast"/);
    passes(edit(['      - count: 1\n', '      - count: { atLeast: 1, atMost: 2 }\n']));
  });

  it('isolation-not-required (warning): sandbox used but only process required; the scenario still loads', () => {
    const text = edit(['isolation: [process, sandbox]', 'isolation: [process]']);
    fails(text, 'isolation-not-required', 'sandbox\n', /isolation "sandbox" is not listed in requires\.isolation \(process\)/, { severity: 'warning', occurrence: 1 });
    assert.ok(validateText('linux.yaml', text).scenario, 'warnings do not make a file invalid');
  });

  it('duplicate-capture: the same variable captured twice (error), a capture shadowing a var (warning)', () => {
    fails(edit(['sbxPid: pid', 'procPid: pid']), 'duplicate-capture', 'procPid: pid', 'variable "procPid" is already captured by step 2 (proc-top); use another name', { occurrence: 2 });
    fails(edit(['sbxPid: pid', 'image: pid']), 'duplicate-capture', 'image: pid', /^capture "image" shadows the variable of the same name \(from vars\)/, { severity: 'warning' });
  });
});
