// Terminal and log injection, through the real CLI (issue 8, class 5). Two scenarios whose name,
// description, step titles, `because` texts and vars carry control sequences (ESC [2J, OSC 0 and
// OSC 52 with BEL and ST, C1 CSI/OSC/NEL, CR, LF + a forged `✔ Everything passed` and summary
// line, U+202E, U+2028, a lone surrogate, NUL, BEL — test/helpers/hostile-text.ts):
//   - a `command` step whose output is those bytes (printf of a var), judged by a failing
//     `output` expectation, so the output reaches the failure lines;
//   - a `host-processes` step matching, by PID, a real host process this test starts with the
//     same bytes in its command line (any local user controls those), judged by a failing
//     `present: false`, so the command line reaches the failure lines and the process table.
// `validate`, `list`, `plan` (text and --format json) and `run` with --renderer plain (colour off
// and on) and --renderer live (under a real pseudo-terminal: util-linux `script`), with --json,
// --junit and --markdown; and `clean --dry-run` listing a container whose labels carry them.
// Checked: no raw control byte in stdout, stderr or any report (the renderers' own colour/cursor
// codes aside), no forged line at the start of a line, JSON is
// well-formed UTF-8 that parses, JUnit parses, and the hostile text is shown (escaped), not lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import type { RunResult } from '../../src/execute/results.js';
import { BIN, ROOT, runCli, type CliRun } from '../helpers/cli.js';
import { IMAGE, requireEngine } from '../helpers/engine.js';
import { forgedLines, LISTR_CONTROL, markdownProse, PAYLOAD, rawControl, STYLE_SGR } from '../helpers/hostile-text.js';
import { tempDir } from './support.js';

const q = (s: string): string => JSON.stringify(s);
/** argv and interpolated values cannot hold NUL (C strings); everything else goes in. */
const ARG = PAYLOAD.replace('\u0000', '');

function scenarios(dir: string, hostPid: number): string[] {
  const head = (what: string): string[] => [
    `name: ${q(`${what} ${PAYLOAD}`)}`,
    `description: ${q(`Description ${PAYLOAD}`)}`,
    'tags: [escape]',
    'requires: { host: linux }',
    `vars: { v: ${q(ARG)} }`,
    'steps:',
  ];
  const cmd = [
    ...head('Command output'),
    '  - id: out',
    '    kind: command',
    `    title: ${q(`Print ${PAYLOAD}`)}`,
    // printf's own \0 puts a NUL in the output too
    '    command: [printf, "%s\\\\0end", "${v}"]',
    '    expect:',
    '      - output: { contains: NOT-IN-THE-OUTPUT }',
    `        because: ${q(`Because ${PAYLOAD}`)}`,
  ];
  const host = [
    ...head('Host command line'),
    '  - id: host',
    '    kind: host-processes',
    `    title: ${q(`Find ${PAYLOAD}`)}`,
    `    match: { pid: "${hostPid}" }`,
    '    expect:',
    '      - present: false',
    `        because: ${q(`Because ${PAYLOAD}`)}`,
  ];
  const files = [path.join(dir, 'command-output.yaml'), path.join(dir, 'host-cmdline.yaml')];
  fs.writeFileSync(files[0] ?? '', `${cmd.join('\n')}\n`);
  fs.writeFileSync(files[1] ?? '', `${host.join('\n')}\n`);
  return files;
}

function assertInert(what: string, text: string, allowed?: RegExp): void {
  const raw = rawControl(text, allowed);
  assert.equal(raw, undefined, `${what}: a raw control reached the output: ${raw}`);
  assert.deepEqual(forgedLines(text, allowed), [], `${what}: a forged line`);
}

function assertCli(what: string, r: CliRun, code: number, allowed?: RegExp): void {
  assert.equal(r.code, code, `${what}: exit ${r.code}\n${r.stderr}`);
  assertInert(`${what} stdout`, r.stdout, allowed);
  assertInert(`${what} stderr`, r.stderr, allowed);
}

function assertReports(what: string, dir: string): void {
  const jsonBytes = fs.readFileSync(path.join(dir, 'r.json'));
  const json = new TextDecoder('utf-8', { fatal: true }).decode(jsonBytes);
  assertInert(`${what} json`, json);
  const rep = JSON.parse(json) as RunResult;
  assert.equal(rep.scenarios.length, 2);
  // The JSON keeps the exact strings (escapes are lossless): the scenario names come back whole.
  assert.ok(rep.scenarios.some((s) => s.name === `Command output ${PAYLOAD}`), 'exact name in the JSON report');
  const out = rep.scenarios.flatMap((s) => s.steps).find((s) => s.id === 'out');
  assert.ok(out?.output.includes('\u001b[2J'), 'the JSON report keeps the real output');
  const xml = fs.readFileSync(path.join(dir, 'r.xml'), 'utf8');
  assertInert(`${what} junit`, xml.replace(/<system-out>[^<]*<\/system-out>|<failure[^>]*>[^<]*<\/failure>/g, ''));
  assert.equal(rawControl(xml), undefined, `${what} junit: ${rawControl(xml)}`);
  assert.equal(XMLValidator.validate(xml), true, `${what}: JUnit parses`);
  const md = fs.readFileSync(path.join(dir, 'r.md'), 'utf8');
  assert.equal(rawControl(md), undefined, `${what} markdown: ${rawControl(md)}`);
  assertInert(`${what} markdown prose`, markdownProse(md));
}

/** `run` under a pseudo-terminal (the live renderer needs one), wide enough not to wrap. */
function runInPty(args: string[], env: NodeJS.ProcessEnv): CliRun {
  const t0 = Date.now();
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'"'"'`)}'`).join(' ');
  const r = spawnSync('script', ['-qfec', `stty cols 4000 rows 200; exec ${quoted}`, '/dev/null'], {
    cwd: ROOT, encoding: 'utf8', timeout: 120_000,
    env: { ...process.env, CI: '', ...env },
  });
  // The terminal turns each \n into \r\n (onlcr): undo that, nothing else.
  return { code: r.status, signal: r.signal, stdout: r.stdout.replace(/\r\n/g, '\n'), stderr: r.stderr, ms: Date.now() - t0 };
}

test('control sequences in names, titles, outputs and host command lines reach no terminal, log or report raw', { timeout: 5 * 60_000 }, async (t) => {
  if (!requireEngine(t)) return;
  const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
  const dir = tempDir('escape');
  // A real host process whose command line carries the payload (sh stays: `; :` keeps it from exec'ing sleep).
  const host = spawn('sh', ['-c', 'sleep 300; :', 'sh', `cmdline ${ARG}`], { stdio: 'ignore' });
  try {
    assert.ok(host.pid, 'host process started');
    const files = scenarios(dir, host.pid);

    for (const fmt of [[], ['--format', 'json']]) {
      assertCli(`validate ${fmt.join(' ')}`, runCli(['validate', ...fmt, ...files]), 0);
      const list = runCli(['list', ...fmt, ...files]);
      assertCli(`list ${fmt.join(' ')}`, list, 0);
      const plan = runCli(['plan', ...fmt, ...files]);
      assertCli(`plan ${fmt.join(' ')}`, plan, 0);
      if (fmt.length === 0) {
        assert.match(list.stdout, /Command output \\x1b\[2J/, 'list shows the name, escaped');
        // plan shows the argv as one pasteable $'…' word
        assert.match(plan.stdout, /\$ printf '%s\\0end' \$'\\x1b\[2J/, plan.stdout);
      } else {
        assert.ok(JSON.parse(list.stdout));
        assert.ok(JSON.parse(plan.stdout));
      }
    }

    for (const color of [false, true]) {
      const out = tempDir('escape-out');
      const env = color ? { FORCE_COLOR: '1', NO_COLOR: undefined } : { NO_COLOR: '1' };
      const r = runCli(['run', '--renderer', 'plain', '--json', path.join(out, 'r.json'), '--junit', path.join(out, 'r.xml'), '--markdown', path.join(out, 'r.md'), ...files], { env });
      assertCli(`run plain color=${color}`, r, 1, color ? STYLE_SGR : undefined);
      const text = `${r.stdout}${r.stderr}`.replace(STYLE_SGR, ''); // the terminal reporter writes to stderr
      assert.match(text, /found .*\\u001b\[2J/, 'the command output is shown in the failure, escaped');
      assert.match(text, /cmdline \\x1b\[2J|cmdline \\u001b\[2J/, 'the host command line is shown in the failure, escaped');
      assert.equal(text.split('\n').filter((l) => /^\s*\d+ passed, \d+ failed, \d+ skipped/.test(l)).length, 1, 'one summary line');
      assertReports(`run plain color=${color}`, out);
    }

    if (!hasScript) t.diagnostic('util-linux `script` is missing: the live renderer under a TTY was not checked');
    else {
      for (const color of [false, true]) {
        const out = tempDir('escape-live');
        const env = color ? { FORCE_COLOR: '1', NO_COLOR: undefined } : { NO_COLOR: '1' };
        const r = runInPty(['run', '--renderer', 'live', '--json', path.join(out, 'r.json'), '--junit', path.join(out, 'r.xml'), '--markdown', path.join(out, 'r.md'), ...files], env);
        assertCli(`run live color=${color}`, r, 1, LISTR_CONTROL);
        assert.match(r.stdout.replace(LISTR_CONTROL, ''), /Everything passed/, 'the live output shows the hostile text (escaped)');
        assertReports(`run live color=${color}`, out);
      }
    }
  } finally {
    host.kill('SIGKILL');
  }
});

test('clean --dry-run shows container labels (anyone with engine access sets them) escaped', { timeout: 60_000 }, async (t) => {
  if (!requireEngine(t)) return;
  // Label values go through `docker ps --format` one line per container: no \n or \t here.
  const label = `esc-${process.pid}-${PAYLOAD.replace(/[\n\t]/g, '').replace('\u0000', '')}`;
  const made = spawnSync('docker', ['create', '--label', `io.isocheck.run=${label}`, '--label', `io.isocheck.scenario=${label}`, '--label', 'io.isocheck.pid=999999999', '--label', `io.isocheck.host=${os.hostname()}`, IMAGE, 'true'], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  const id = made.stdout.trim();
  try {
    const r = runCli(['clean', '--dry-run']);
    assertCli('clean --dry-run', r, 0);
    assert.match(r.stdout, new RegExp(`would remove \\S+ \\(${id.slice(0, 12)}, run esc-${process.pid}-\\\\x1b\\[2J`), r.stdout);
  } finally {
    spawnSync('docker', ['rm', '-f', id]);
  }
});
