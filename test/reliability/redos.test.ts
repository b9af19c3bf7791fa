// Catastrophic regexes (issue 8, class 1). `(a+)+$` against 50 kB of "a" followed by a character
// that makes it fail takes a backtracking engine 2^50000 steps; before RE2 it ran at 100% CPU past
// every timeout and signal. Each way a scenario can supply a regex, with a real `isocheck run`:
//   - output.matches over a command step's output (the command prints the 50 kB itself);
//   - match.pattern over the command line of a real host process this test starts;
//   - a pattern built from a capture (the validator cannot see it): `${pat}` is literal text,
//     `${re:pat}` is regex syntax, both run on RE2;
//   - a capture regex over the 50 kB.
// Each must end within the step timeout + grace, exit 1 (a check that fails) or 0, no stack trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { RunResult } from '../../src/execute/results.js';
import { BIN, ROOT } from '../helpers/cli.js';
import { requireEngine } from '../helpers/engine.js';
import { readJson, STACK, tempDir } from './support.js';

const TIMEOUT_S = 2;
const GRACE_MS = 1000;
/** The CLI's own start, engine probe and reports on top of the step; a backtracking engine needs ages. */
const CLI_LIMIT_MS = 15_000;
const A50K = "head -c 50000 /dev/zero | tr '\\0' a; echo '!'";

interface Case {
  name: string;
  steps: string[];
  vars?: string;
  exit: number;
  /** The step whose duration is bounded, and what its result must be. */
  step: string;
  status: 'passed' | 'failed' | 'error';
  code?: string;
  /** What the command step printed (default: 50,000 "a" then "!"). */
  printed?: RegExp;
}

function runCase(c: Case): string {
  const dir = tempDir('redos');
  const file = path.join(dir, `${c.name.replace(/[^a-z0-9]+/gi, '-')}.yaml`);
  fs.writeFileSync(file, ['name: redos', 'description: a catastrophic regex against 50 kB', ...(c.vars ? [c.vars] : []), 'steps:', ...c.steps].join('\n') + '\n');
  const json = path.join(dir, 'r.json');
  // SIGKILL at the limit: a CLI stuck in a backtracking regex ignores SIGTERM (the old behaviour).
  const t0 = Date.now();
  const p = spawnSync(process.execPath, [BIN, 'run', file, '--renderer', 'plain', '--json', json], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', CI: 'true' }, encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL' });
  const r = { code: p.status, signal: p.signal, stderr: p.stderr, ms: Date.now() - t0 };
  try {
    assert.equal(r.signal, null, `${c.name}: the CLI was killed after ${r.ms} ms (it hung)`);
    assert.ok(r.ms <= CLI_LIMIT_MS, `${c.name}: the CLI took ${r.ms} ms`);
    assert.equal(r.code, c.exit, `${c.name}: exit ${r.code}: ${r.stderr.slice(-1500)}`);
    assert.doesNotMatch(r.stderr, STACK, `${c.name}: no stack trace`);
    const rep = readJson<RunResult>(json);
    assert.ok(rep, `${c.name}: a report`);
    const st = rep.scenarios[0]?.steps.find((s) => s.id === c.step);
    assert.ok(st, `${c.name}: step ${c.step}`);
    assert.equal(st.status, c.status, `${c.name}: ${JSON.stringify(st.error ?? st.expectations.map((e) => e.message))}`);
    if (c.code !== undefined) assert.equal(st.error?.code, c.code, JSON.stringify(st.error));
    // The subject really was the hostile one (50,000 "a" then "!"), as recorded in the report.
    const printed = st.commands[0]?.stdout ?? '';
    if (st.kind === 'command') assert.match(printed.slice(0, 200) + printed.slice(-10), c.printed ?? /^a{200}.*a!\n?$/s, `${c.name}: the command printed ${printed.length} characters`);
    assert.ok(st.durationMs <= TIMEOUT_S * 1000 + GRACE_MS, `${c.name}: the step took ${st.durationMs} ms`);
    return `${c.name}: step ${st.durationMs} ms, CLI ${r.ms} ms, exit ${r.code}${st.error ? ` (${st.error.code})` : ''}`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const print50k = (id: string, extra = ''): string => `  - { id: ${id}, kind: command, timeout: ${TIMEOUT_S}s, command: [sh, -c, ${JSON.stringify(A50K)}]${extra} }`;

// The pattern arrives as a captured value: the validator never sees it.
const capturePat = '  - { id: pat, kind: command, command: [printf, "%s", "(a+)+$"], capture: { pat: stdout } }';
// A capture that is not a valid RE2 pattern, used raw: a step error with its code.
const badPat = '  - { id: pat, kind: command, command: [printf, "%s", "(a)\\\\1"], capture: { pat: stdout } }';
const CASES: Case[] = [
  { name: 'output.matches', steps: [print50k('big', ', expect: [ { output: { matches: "(a+)+$" } } ]')], exit: 1, step: 'big', status: 'failed' },
  { name: 'capture regex', steps: [print50k('big', ', capture: { x: { regex: "(a+)+$" } }')], exit: 1, step: 'big', status: 'error', code: 'capture-failed' },
  { name: 'pattern from a capture, literal', steps: [capturePat, print50k('big', ', expect: [ { output: { matches: "${pat}" } } ]')], exit: 1, step: 'big', status: 'failed' },
  { name: 'pattern from a capture, raw ${re:pat}', steps: [capturePat, print50k('big', ', expect: [ { output: { matches: "${re:pat}" } } ]')], exit: 1, step: 'big', status: 'failed' },
  { name: 'raw capture that does not compile', steps: [badPat, print50k('big', ', expect: [ { output: { matches: "${re:pat}" } } ]')], exit: 1, step: 'big', status: 'error', code: 'bad-regex' },
  // The most expensive match the cost limit allows (1003 instructions × 9,900 characters, on the
  // NFA because of the groups), and one just over it: refused before matching, regex-too-costly.
  ...([[9900, 'passed', undefined], [12_000, 'error', 'regex-too-costly']] as const).map(([n, status, code]): Case => ({
    name: `capture (.*a){200}$ over ${n} characters`,
    steps: [`  - { id: big, kind: command, timeout: ${TIMEOUT_S}s, command: [sh, -c, "head -c ${n} /dev/zero | tr '\\\\0' a"], capture: { x: { regex: "(.*a){200}$" } } }`],
    exit: status === 'passed' ? 0 : 1, step: 'big', status, ...(code ? { code } : {}), printed: /^a{200}.*a$/s,
  })),
];

for (const c of CASES) {
  test(`(a+)+$ over 50 kB ends within the step timeout: ${c.name}`, { timeout: 120_000 }, (t) => {
    if (!requireEngine(t)) return;
    console.log(`redos: ${runCase(c)}`);
  });
}

test('(a+)+$ as match.pattern over a real host process with a 50 kB command line ends within the step timeout', { timeout: 120_000 }, async (t) => {
  if (!requireEngine(t)) return;
  const marker = `redos-${process.pid}`;
  // sh stays the process (the `; :` keeps it from exec'ing sleep): its command line ends in 50 kB of "a" and "!".
  const child = spawn('sh', ['-c', 'sleep 120; :', 'sh', marker, `${'a'.repeat(50_000)}!`], { stdio: 'ignore' });
  try {
    for (let i = 0; i < 50 && !fs.readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').includes(marker); i++) await new Promise((r) => setTimeout(r, 20));
    const line = runCase({
      name: 'match.pattern',
      steps: [`  - { id: host, kind: host-processes, timeout: ${TIMEOUT_S}s, match: { pattern: "${marker} (a+)+$" }, expect: [ { present: false } ] }`],
      exit: 0, step: 'host', status: 'passed',
    });
    // The same process IS found by a pattern that matches it: the selection really looked at it.
    const found = runCase({
      name: 'match.pattern that matches',
      steps: [`  - { id: host, kind: host-processes, timeout: ${TIMEOUT_S}s, match: { pattern: "${marker} (a+)+!$" }, expect: [ { count: 1 } ] }`],
      exit: 0, step: 'host', status: 'passed',
    });
    console.log(`redos: ${line}; ${found}`);
  } finally {
    child.kill('SIGKILL');
  }
});
