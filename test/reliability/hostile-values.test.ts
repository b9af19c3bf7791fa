// Hostile values (test/fixtures/hostile/values.json: shell metacharacters, newlines, control
// characters, option-like strings, 100 KB strings, RTL/emoji/combining unicode) go into every field
// of a scenario that reaches a command, and must arrive literally, as ONE argv element each:
//   run.image (via --var; option-like ones refused with option-like-value, docker never called),
//   run.command items, run.env values, exec.command items, command.command items (through a var
//   and written literally), match.name, match.pattern, and an expectation's output.contains.
// Checked: what the container and the host commands print back (NUL-separated, compared exactly),
// the argv recorded in the JSON report, the run step's flags before the image (no injected
// option), no marker file the shell forms would create, and no container left.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CommandRecord, RunResult, StepResult } from '../../src/execute/results.js';
import { ROOT, runCli, startCli, type CliRun } from '../helpers/cli.js';
import { IMAGE, isocheckContainers, requireEngine } from '../helpers/engine.js';
import { quoteRegex, REGEX_LIMITS } from '../../src/format/regex.js';
import { readJson, tempDir } from './support.js';

interface Entry { name: string; value?: string; repeat?: string; bytes?: number }
const FIXTURE = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'hostile', 'values.json'), 'utf8')) as { markers: string[]; values: Entry[] };

function build(e: Entry): string {
  if (e.value !== undefined) return e.value;
  const unit = e.repeat ?? 'A';
  const n = e.bytes ?? 1024;
  let s = unit.repeat(Math.ceil(n / Buffer.byteLength(unit)));
  while (Buffer.byteLength(s) > n) s = s.slice(0, -1);
  return s;
}
const VALUES = FIXTURE.values.map((e) => ({ name: e.name, value: build(e) }));
const short = (s: string | undefined): string => (s === undefined || s.length <= 300 ? String(s) : `${s.slice(0, 300)}… (${s.length} chars)`);
/** The value, escaped as `${v}` inserts it into a pattern, fits the RE2 pattern length limit. */
const fitsPattern = (v: string): boolean => quoteRegex(v).length <= REGEX_LIMITS.length;
const optionLike = (v: string): boolean => v.startsWith('-');
/** As a YAML double-quoted scalar (JSON is YAML), for a field that is not interpolated. */
const q = (s: string): string => JSON.stringify(s);
/** As a literal in an interpolated field: "${" is written "$${". */
const lit = (s: string): string => q(s.replaceAll('${', () => '$${')); // a function: "$$" in a replacement string is "$"

function clearMarkers(): void {
  for (const m of FIXTURE.markers) fs.rmSync(m, { force: true });
}
function markersPresent(): string[] {
  return FIXTURE.markers.filter((m) => fs.existsSync(m));
}

const END = 'END-OF-HOSTILE-VALUES';

/** "a\0b\0" (and a final END line) → ["a", "b"]: what `printf '%s\0'` printed, element by element. */
function nulSeparated(out: string): string[] {
  const body = out.endsWith(`${END}\n`) ? out.slice(0, -END.length - 1) : out;
  const parts = body.split('\0');
  assert.equal(parts.pop(), '', `NUL-terminated output expected, got ${JSON.stringify(out.slice(-50))}`);
  return parts;
}

const step = (rep: RunResult, id: string): StepResult => {
  const s = rep.scenarios[0]?.steps.find((x) => x.id === id);
  assert.ok(s, `step ${id} in the report`);
  return s;
};
const main = (s: StepResult): CommandRecord => {
  const c = s.commands.find((x) => x.purpose === undefined) ?? s.commands[0];
  assert.ok(c, `a command of step ${s.id}`);
  return c;
};

/** The run step's argv before the image: exactly isocheck's own flags, nothing a value injected. */
function assertRunPrefix(argv: readonly string[], rep: RunResult, stepId: string, pid: number, flags: readonly string[]): number {
  const expected = [
    'docker', 'run', '--detach',
    `--name=isocheck-${rep.runId}-0-${stepId}`,
    `--label=io.isocheck.run=${rep.runId}`,
    `--label=io.isocheck.scenario=${rep.scenarios[0]?.file ?? '?'}`,
    `--label=io.isocheck.step=${stepId}`,
    `--label=io.isocheck.pid=${pid}`,
    `--label=io.isocheck.host=${os.hostname()}`,
    // The runner's start time (a number isocheck read from /proc/self/stat: no value can shape it).
    ...(/^--label=io\.isocheck\.started=[0-9]+$/.test(argv[9] ?? '') ? [argv[9] as string] : []),
    ...flags,
  ];
  assert.deepEqual(argv.slice(0, expected.length), expected, 'the run step starts with exactly isocheck\'s own flags');
  return expected.length;
}

function runWith(args: string[]): Promise<CliRun & { pid: number }> {
  const { child, done } = startCli(args);
  return done.then((r) => ({ ...r, pid: child.pid ?? -1 }));
}

test(`${VALUES.length} hostile values × 9 fields arrive literally, one argv element each`, { timeout: 20 * 60_000 }, async (t) => {
  if (!requireEngine(t)) return;
  clearMarkers();
  const dir = tempDir('hostile');
  const n = VALUES.length;
  const idx = VALUES.map((_, i) => i);
  const SCRIPT = `printf '%s\\0' "$@"; printf '%s\\0' ${idx.map((i) => `"$E${i}"`).join(' ')}; echo ${END}; exec sleep 600`;
  const yaml = [
    'name: hostile values',
    'description: every hostile value in every field that reaches a command',
    'vars:',
    `  image: ${IMAGE}`,
    ...VALUES.map((v, i) => `  v${i}: ${q(v.value)}`),
    'stepTimeout: 60s',
    'steps:',
    '  - id: c',
    '    kind: run',
    '    image: ${image}',
    `    command: [sh, -c, ${lit(SCRIPT)}, sh, ${idx.map((i) => `"\${v${i}}"`).join(', ')}]`,
    '    env:',
    ...idx.map((i) => `      E${i}: "\${v${i}}"`),
    '  - id: logs',
    '    kind: command',
    '    command: [docker, logs, "${c.id}"]',
    '    expect:',
    `      - output: { contains: ${END} }`,
    '        eventually: 10s',
    '  - id: inside',
    '    kind: exec',
    '    container: c',
    `    command: [sh, -c, ${lit(`printf '%s\\0' "$@"`)}, sh, ${idx.map((i) => `"\${v${i}}"`).join(', ')}]`,
    '  - id: host-vars',
    '    kind: command',
    `    command: [printf, ${lit('%s\\0')}, ${idx.map((i) => `"\${v${i}}"`).join(', ')}]`,
    '    expect:',
    ...idx.map((i) => `      - output: { contains: "\${v${i}}" }`),
    '  - id: host-literal',
    '    kind: command',
    `    command: [printf, ${lit('%s\\0')}, ${VALUES.map((v) => lit(v.value)).join(', ')}]`,
    '  - id: markers-inside',
    '    kind: exec',
    '    container: c',
    `    command: [sh, -c, ${lit('for f; do [ -e "$f" ] && echo "$f"; done; true')}, sh, ${FIXTURE.markers.map(lit).join(', ')}]`,
    ...idx.flatMap((i) => [
      `  - id: name-${i}`,
      '    kind: host-processes',
      `    match: { name: "\${v${i}}" }`,
      '    expect:',
      '      - present: false',
    ]),
  ].join('\n');
  const file = path.join(dir, 'hostile.yaml');
  fs.writeFileSync(file, `${yaml}\n`);
  const json = path.join(dir, 'hostile.json');
  const r = await runWith(['run', file, '--renderer', 'plain', '--json', json]);
  const rep = readJson<RunResult>(json);
  assert.ok(rep, `report written (exit ${r.code}):\n${r.stderr.slice(-3000)}`);
  try {
    assert.equal(r.code, 0, `the hostile scenario passes:\n${r.stderr.slice(-3000)}`);
    const values = VALUES.map((v) => v.value);

    // run: flags, env and command exactly as written; the container saw each value as one argument.
    const runArgv = main(step(rep, 'c')).argv;
    const k = assertRunPrefix(runArgv, rep, 'c', r.pid, ['--pull=never']); // the image was made present by the pull phase
    assert.deepEqual(runArgv.slice(k, k + n), idx.map((i) => `--env=E${i}=${values[i]}`), 'run.env: one --env=NAME=value element per value');
    assert.equal(runArgv[k + n], IMAGE, 'the image follows the flags');
    assert.deepEqual(runArgv.slice(k + n + 1), ['sh', '-c', SCRIPT, 'sh', ...values], 'run.command: the values as argv elements');
    const seen = nulSeparated(main(step(rep, 'logs')).stdout);
    assert.deepEqual(seen.slice(0, n), values, 'run.command: the container received every value as one argument');
    assert.deepEqual(seen.slice(n), values, 'run.env: the container\'s environment holds every value');

    // exec inside the container, command on the host (through a var and written literally).
    const inside = main(step(rep, 'inside'));
    assert.deepEqual(inside.argv.slice(-n), values, 'exec.command: argv elements');
    assert.deepEqual(nulSeparated(inside.stdout), values, 'exec.command: what the container received');
    for (const id of ['host-vars', 'host-literal']) {
      const c = main(step(rep, id));
      assert.deepEqual(c.argv, ['printf', '%s\\0', ...values], `${id}: argv`);
      assert.deepEqual(nulSeparated(c.stdout), values, `${id}: what printf received`);
    }
    assert.equal(step(rep, 'host-vars').expectations.filter((e) => e.passed).length, n, 'output.contains: every value found literally');
    assert.equal(main(step(rep, 'markers-inside')).stdout, '', 'no marker file inside the container');
    for (const i of idx) assert.equal(step(rep, `name-${i}`).status, 'passed', `match.name ${VALUES[i]?.name}`);
  } finally {
    assert.deepEqual(isocheckContainers(rep.runId), [], 'no container left');
  }

  // match.pattern: each value inside a pattern over host command lines. `${v}` is literal text
  // (escaped), so every value compiles and runs; one whose escaped form is over the RE2 length limit
  // is refused by validation (bad-regex at file:line:col, exit 2), before anything runs.
  const pdir = path.join(dir, 'patterns');
  fs.mkdirSync(pdir);
  const tooLong = idx.filter((i) => !fitsPattern(VALUES[i]?.value ?? ''));
  for (const i of tooLong) {
    const f = path.join(dir, `long-pattern-${i}.yaml`);
    fs.writeFileSync(f, `name: pattern ${i}\ndescription: hostile pattern\nvars:\n  v: ${q(VALUES[i]?.value ?? '')}\nsteps:\n  - id: p\n    kind: host-processes\n    match: { pattern: "\${v}" }\n`);
    const vr = runCli(['validate', f]);
    assert.equal(vr.code, 2, `match.pattern ${VALUES[i]?.name}: validate exit ${vr.code}`);
    assert.match(vr.stdout + vr.stderr, /:8:\d+: .*over 8192 characters, the limit \[bad-regex\]/, `match.pattern ${VALUES[i]?.name}`);
  }
  for (const i of idx.filter((j) => !tooLong.includes(j))) {
    fs.writeFileSync(path.join(pdir, `p${String(i).padStart(3, '0')}.yaml`), `name: pattern ${i}\ndescription: hostile pattern\nvars:\n  v: ${q(VALUES[i]?.value ?? '')}\nsteps:\n  - id: p\n    kind: host-processes\n    match: { pattern: "\${v}" }\n`);
  }
  const pjson = path.join(dir, 'patterns.json');
  const pr = runCli(['run', pdir, '--jobs', '4', '--renderer', 'plain', '--json', pjson], { timeoutMs: 300_000 });
  const prep = readJson<RunResult>(pjson);
  assert.ok(prep, `patterns report (exit ${pr.code}): ${pr.stderr.slice(-2000)}`);
  assert.ok(pr.code === 0 || pr.code === 1, `patterns: exit ${pr.code}`);
  const badRegex = tooLong.length;
  for (const s of prep.scenarios) {
    const i = Number(/p(\d+)\.yaml$/.exec(s.file)?.[1]);
    const st = s.steps[0];
    assert.equal(st?.status, 'passed', `match.pattern ${VALUES[i]?.name}: ${short(JSON.stringify(st?.error))}`);
  }
  assert.equal(prep.scenarios.length, n - tooLong.length);

  // run.image through --var: option-like values are refused before docker is called; the others
  // reach `docker run` as the one image argument (and fail there as invalid references).
  const ifile = path.join(dir, 'image.yaml');
  fs.writeFileSync(ifile, `name: image\ndescription: hostile image\nvars: { image: ${IMAGE} }\nsteps:\n  - { id: c, kind: run, image: "\${image}", command: ["true"] }\n`);
  let refused = 0;
  let literal = 0;
  const queue = [...idx];
  const worker = async (): Promise<void> => {
    for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
      const v = VALUES[i]?.value ?? '';
      const where = `run.image = ${VALUES[i]?.name}`;
      const j = path.join(dir, `image-${i}.json`);
      const ir = await runWith(['run', ifile, '--renderer', 'plain', '--json', j, '--var', `image=${v}`]);
      const irep = readJson<RunResult>(j);
      if (optionLike(v)) {
        // Known before anything runs (a --var): refused by validation at the image, exit 2, no run.
        refused++;
        assert.equal(ir.code, 2, `${where}: exit 2`);
        assert.match(ir.stderr, /image\.yaml:5:\d+: .*\[option-like-value\]/, `${where}: ${short(ir.stderr)}`);
        assert.equal(irep, undefined, `${where}: nothing ran, no report`);
        continue;
      }
      assert.ok(irep, `${where}: report (exit ${ir.code}) ${short(ir.stderr.slice(-1000))}`);
      assert.equal(ir.code, 1, `${where}: exit 1`);
      const st = irep.scenarios[0]?.steps[0];
      assert.equal(st?.status, 'error', where);
      {
        literal++;
        const argv = st?.commands[0]?.argv ?? [];
        const at = assertRunPrefix(argv, irep, 'c', ir.pid, []);
        assert.deepEqual(argv.slice(at), [v, 'true'], `${where}: the image is one argv element, right after the flags`);
      }
      assert.deepEqual(isocheckContainers(irep.runId), [], `${where}: no container left`);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  assert.deepEqual(markersPresent(), [], 'no marker file on the host');
  console.log(
    `hostile-values: ${n} values × 9 fields (run.image, run.command, run.env, exec.command, command.command via var and literal, match.name, match.pattern, output.contains) = ${n * 9} placements, all literal; image: ${refused} option-like values refused (option-like-value, docker never called), ${literal} passed to docker run as one element; patterns: ${n - badRegex} compiled and ran as literal text, ${badRegex} refused by validate (bad-regex: over the RE2 length limit once escaped); marker files: 0; containers left: 0`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
});

// A 100 KB pattern (once an internal error: V8 compiles lazily and its first match threw "Regular
// expression too large") is over the RE2 length limit: refused by `run` before anything runs.
test('a 100 KB pattern is a bad-regex input error naming the limit, before the run', (t) => {
  if (!requireEngine(t)) return;
  const dir = tempDir('regex');
  const file = path.join(dir, 'big.yaml');
  fs.writeFileSync(file, `name: big\ndescription: d\nvars:\n  v: ${'A'.repeat(102400)}\nsteps:\n  - { id: p, kind: host-processes, match: { pattern: "\${v}" } }\n`);
  const json = path.join(dir, 'r.json');
  const r = runCli(['run', file, '--renderer', 'plain', '--json', json]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stdout + r.stderr, /big\.yaml:6:\d+: .*over 8192 characters, the limit \[bad-regex\]/);
  assert.equal(fs.existsSync(json), false, 'nothing ran');
  fs.rmSync(dir, { recursive: true, force: true });
});
