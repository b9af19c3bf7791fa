// Run options in the format: each key's shape is the schema's (bad values at file:line:col),
// `pid: container:<id>` must name an earlier run step, `privileged` is a warning. Samples: written here.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HEAD, problemsOf, single } from '../helpers.js';

const run = (extra: string): string => `${HEAD}steps:\n  - kind: run\n    id: a\n    image: img\n  - kind: run\n    id: b\n    image: img\n${extra}`;

describe('run options', () => {
  it('accepts every run option in its documented form', () => {
    const text = run('    pid: container:a\n    network: none\n    user: "65534:65534"\n    readOnly: true\n    capAdd: [SYS_PTRACE]\n    capDrop: [ALL]\n    pidsLimit: 20\n    memory: 64m\n    cpus: 0.5\n    securityOpt: [no-new-privileges]\n    userns: host\n    tmpfs: ["/run:size=1m"]\n    workdir: /tmp\n    hostname: box.example\n    env: {A: "1"}\n');
    assert.deepEqual(problemsOf(text), []);
  });

  it('points at a pid that names a later, unknown or non-run step', () => {
    let p = single(problemsOf(`${HEAD}steps:\n  - kind: run\n    image: img\n    pid: container:later\n  - kind: run\n    id: later\n    image: img\n`), 'unknown-step');
    assert.deepEqual([p.line, p.col], [6, 10]);
    assert.match(p.message, /step "later" comes later/);
    p = single(problemsOf(run('    pid: container:aa\n')), 'unknown-step');
    assert.match(p.message, /no step has id "aa"/);
  });

  it('checks ${…} in run options like any interpolated string (run options are interpolated at run time)', () => {
    const p = single(problemsOf(run('    workdir: "/w/${dir}"\n')), 'unknown-reference');
    assert.deepEqual([p.line, p.col], [10, 18]);
    assert.match(p.message, /unknown variable "dir"/);
    assert.deepEqual(problemsOf(`${HEAD}vars: { dir: "x" }\nsteps:\n  - kind: run\n    image: img\n    workdir: "/w/\${dir}"\n    securityOpt: ["label=\${lbl}"]\n`).map((x) => x.message), ['unknown variable "lbl" (defined here: dir)']);
  });

  it('refuses malformed values at their position', () => {
    for (const [line, code] of [['pid: hots', 'bad-value'], ['memory: lots', 'bad-value'], ['capAdd: [sys_ptrace]', 'bad-value'], ['workdir: tmp', 'bad-value'], ['pidsLimit: 0', 'bad-value'], ['cpus: -1', 'bad-value']] as const) {
      const problems = problemsOf(run(`    ${line}\n`));
      assert.ok(problems.length >= 1, line);
      assert.equal(problems[0]?.line, 10, line);
      assert.ok(problems.every((x) => x.severity === 'error'), line);
      void code;
    }
  });

  it('warns about privileged, at the key, without refusing the scenario', () => {
    const p = single(problemsOf(run('    privileged: true\n')), 'privileged');
    assert.equal(p.severity, 'warning');
    assert.deepEqual([p.line, p.col], [10, 5]);
  });

  it('accepts ${step.pid} of an earlier run step as a reference', () => {
    assert.deepEqual(problemsOf(`${HEAD}steps:\n  - kind: run\n    id: a\n    image: img\n  - kind: host-processes\n    match: {pid: "\${a.pid}"}\n    expect:\n      - present: true\n`), []);
  });
});
