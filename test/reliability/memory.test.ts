// Memory stays bounded when a command prints a lot and is polled: a real `sh` printing 60 MB, its
// output held with `for: 10s` (polled about a dozen times), through the real CLI with --json. Once
// every poll's output was kept (2.4 GB peak, then "Invalid string length" and no JSON report). The
// CLI's peak RSS is read by the CLI process itself at exit (process.resourceUsage().maxRSS, loaded
// with --import), printed by the test, and held to 300 MB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { RunResult, StepResult } from '../../src/execute/results.js';
import { renderJson } from '../../src/report/files/json.js';
import { BIN, ROOT } from '../helpers/cli.js';
import { tempDir } from './support.js';

const PEAK_LIMIT_MB = 300;

test('a 60 MB output polled for 10s: bounded records, a JSON report, peak RSS within 300 MB', { timeout: 120_000 }, (t) => {
  const dir = tempDir('memory');
  const file = path.join(dir, 'big.yaml');
  fs.writeFileSync(file, [
    'name: Big output, polled', 'description: A command printing 60 MB, its output held for 10 s.', 'steps:',
    '  - id: big', '    kind: command', '    command: [sh, -c, "head -c 60000000 /dev/zero | tr \'\\\\0\' x"]', '    timeout: 60s',
    '    expect:', '      - output: { contains: xxxx }', '        for: 10s', '',
  ].join('\n'));
  const rssFile = path.join(dir, 'maxrss');
  const probe = path.join(dir, 'probe.mjs');
  fs.writeFileSync(probe, `import fs from 'node:fs';\nprocess.on('exit', () => fs.writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`);
  const json = path.join(dir, 'out.json');
  const r = spawnSync(process.execPath, ['--import', probe, BIN, 'run', file, '--json', json, '--renderer', 'plain'], {
    cwd: ROOT, env: { ...process.env, NO_COLOR: '1', CI: 'true' }, encoding: 'utf8', timeout: 110_000,
  });
  assert.equal(r.status, 0, r.stderr);
  const peakMb = Number(fs.readFileSync(rssFile, 'utf8')) / 1024;
  t.diagnostic(`peak RSS of the CLI: ${peakMb.toFixed(0)} MB`);
  const report = JSON.parse(fs.readFileSync(json, 'utf8')) as RunResult;
  const step = report.scenarios[0]?.steps[0];
  assert.ok(step);
  assert.equal(step.status, 'passed');
  const attempts = step.expectations[0]?.attempts ?? 0;
  assert.ok(attempts >= 3, `polled ${attempts} times`);
  assert.equal(step.commands.length, 2, 'the first and the latest run of the polled command');
  assert.equal(step.commands[1]?.runs, attempts - 1);
  assert.ok(step.commands.every((c) => c.stdout.length <= 1024 * 1024 && c.truncated?.stdout === 60_000_000));
  assert.ok(step.notes.some((n) => /truncated by isocheck at 1 MiB/.test(n)), step.notes.join('\n'));
  assert.ok(peakMb <= PEAK_LIMIT_MB, `peak RSS ${peakMb.toFixed(0)} MB > ${PEAK_LIMIT_MB} MB`);
});

test('a JSON report longer than a JS string can hold is still written: long texts are cut, the shape is kept', () => {
  // 700 steps each with 1 MiB of output (one shared string, so the test itself stays small): about
  // 700 M characters of JSON, past V8's string limit — once "Invalid string length" and no report.
  const big = 'x'.repeat(1024 * 1024);
  const step = (index: number): StepResult => ({ index, kind: 'command', title: `s${index}`, status: 'passed', startedAt: '', durationMs: 0, commands: [], output: big, notes: [], expectations: [], captures: {} });
  const result = {
    reportVersion: 1, runId: 'r', startedAt: '', durationMs: 0, status: 'passed',
    environment: { isocheckVersion: '0', node: '', host: { os: '', platform: '', release: '', arch: '', hostname: '' }, root: false, engine: null },
    scenarios: [{ file: 'f', name: 'n', description: '', tags: [], status: 'passed', startedAt: '', durationMs: 0, steps: Array.from({ length: 700 }, (_, i) => step(i)), containers: [], cleanup: { removed: [], errors: [] } }],
    totals: { passed: 1, failed: 0, skipped: 0 },
  } as RunResult;
  const parsed = JSON.parse(renderJson(result)) as RunResult;
  const steps = parsed.scenarios[0]?.steps ?? [];
  assert.equal(steps.length, 700);
  assert.match(steps[699]?.output ?? '', /^x{4096}… \[cut by isocheck: 1048576 characters; the JSON report would be too large\]$/);
});
