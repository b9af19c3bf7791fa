// execaSpawn with real, tiny processes: sh, sleep and node itself. No fakes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { alive, goneWithin, killPids, pidsIn } from '../helpers/processes.js';
import { execaSpawn, TIMEOUT_GRACE_MS } from '../../src/execute/spawn.js';
import { OUTPUT_CAP_BYTES } from '../../src/execute/output-cap.js';

const NODE = process.execPath;
const PRINT_ARGV = 'process.stdout.write(JSON.stringify(process.argv.slice(1)))';

function tmpFile(t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isocheck-spawn-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'pids');
}

/** sh that starts two background sleeps, writes their PIDs to `file`, then waits for them. */
const tree = (file: string): string[] => ['sh', '-c', `sleep 300 & echo $! > "${file}"; sleep 300 & echo $! >> "${file}"; wait`];

void describe('execaSpawn', { concurrency: true }, () => {
  void it('returns exit code, stdout and stderr as they were', async () => {
    const r = await execaSpawn({ argv: ['sh', '-c', 'printf "out\\n"; printf "err\\n" >&2; exit 3'] });
    assert.equal(r.exitCode, 3);
    assert.equal(r.stdout, 'out\n');
    assert.equal(r.stderr, 'err\n');
    assert.equal(r.timedOut, false);
    assert.equal(r.aborted, false);
    assert.equal(r.spawnError, undefined);
    assert.deepEqual(r.argv, ['sh', '-c', 'printf "out\\n"; printf "err\\n" >&2; exit 3']);
    assert.ok(!Number.isNaN(Date.parse(r.startedAt)));
    assert.ok(r.durationMs >= 0);
  });

  void it('exit code 0 and a non-zero code are both data, not throws', async () => {
    assert.equal((await execaSpawn({ argv: ['sh', '-c', 'exit 0'] })).exitCode, 0);
    assert.equal((await execaSpawn({ argv: ['sh', '-c', 'exit 125'] })).exitCode, 125);
  });

  void it('argv elements arrive literally: spaces, quotes, $(...), backticks, globs, newlines', async () => {
    const args = ['a b', '"q"', "'s'", '$(touch /tmp/isocheck-pwned)', '`id`', '*', 'x;y', 'l1\nl2', '--privileged', '', 'ü✓'];
    const r = await execaSpawn({ argv: [NODE, '-e', PRINT_ARGV, ...args] });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), args);
    assert.equal(fs.existsSync('/tmp/isocheck-pwned'), false);
  });

  void it('passes input on stdin and extra env on top of the current one', async () => {
    const r = await execaSpawn({ argv: [NODE, '-e', 'let s="";process.stdin.on("data",(d)=>s+=d).on("end",()=>process.stdout.write(s+"|"+process.env.ISO_X+"|"+(process.env.PATH?"path":"")))'], input: 'hi', env: { ISO_X: 'y z' } });
    assert.equal(r.stdout, 'hi|y z|path');
  });

  void it('keeps the final newline and output up to the cap, untruncated', async () => {
    const r = await execaSpawn({ argv: [NODE, '-e', `process.stdout.write("x".repeat(${OUTPUT_CAP_BYTES - 1})+"\\n")`] });
    assert.equal(r.stdout.length, OUTPUT_CAP_BYTES);
    assert.ok(r.stdout.endsWith('x\n'));
    assert.equal(r.truncated, undefined);
  });

  void it('output beyond the cap is read to the end, not failed: the first and the last half are kept, truncated gives the total', async () => {
    // The child writes 600 A, 5000 B, 600 C on stdout, then "end" on stderr, and exits 0: it was
    // neither blocked nor killed by a full pipe or EPIPE.
    const js = 'process.stdout.write("A".repeat(600)+"B".repeat(5000)+"C".repeat(600), () => { process.stderr.write("end"); })';
    const r = await execaSpawn({ argv: [NODE, '-e', js], maxOutputBytes: 1000 });
    assert.equal(r.exitCode, 0);
    assert.equal(r.spawnError, undefined);
    assert.equal(r.stdout, 'A'.repeat(500) + 'C'.repeat(500));
    assert.equal(r.stderr, 'end');
    assert.deepEqual(r.truncated, { stdout: 6200 });
  });

  void it('a multi-byte character is not cut when nothing is dropped', async () => {
    const r = await execaSpawn({ argv: [NODE, '-e', 'process.stdout.write("é".repeat(100))'], maxOutputBytes: 200 });
    assert.equal(r.stdout, 'é'.repeat(100));
    assert.equal(r.truncated, undefined);
  });

  void it('60 MB of output, 20 times over: each result keeps 1 MiB, peak RSS stays bounded', { timeout: 120_000 }, async () => {
    // A separate node process, so its peak RSS (VmHWM) is the spawn's alone. It keeps all 20
    // results, as a poll with `for: 10s` did before (the old spawn kept 60 MB each: > 1.2 GB).
    const spawnJs = new URL('../../src/execute/spawn.js', import.meta.url).href;
    const js = `
      const { execaSpawn } = await import(${JSON.stringify(spawnJs)});
      const kept = [];
      for (let i = 0; i < 20; i++) kept.push(await execaSpawn({ argv: ['sh', '-c', 'yes 0123456789abcdef | head -c 62914560; echo done >&2'], timeoutMs: 60000 }));
      const hwm = Number(/VmHWM:\\s+(\\d+)/.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;
      process.stdout.write(JSON.stringify({ hwm, results: kept.map((r) => ({ exitCode: r.exitCode, len: r.stdout.length, stderr: r.stderr, truncated: r.truncated, timedOut: r.timedOut })) }));
    `;
    const r = await execaSpawn({ argv: [NODE, '--input-type=commonjs', '-e', `(async () => { ${js} })()`], timeoutMs: 110_000 });
    assert.equal(r.exitCode, 0, r.stderr);
    const { hwm, results } = JSON.parse(r.stdout) as { hwm: number; results: { exitCode: number; len: number; stderr: string; truncated: unknown; timedOut: boolean }[] };
    assert.equal(results.length, 20);
    for (const x of results) assert.deepEqual(x, { exitCode: 0, len: OUTPUT_CAP_BYTES, stderr: 'done\n', truncated: { stdout: 62914560 }, timedOut: false });
    console.log(`spawn output cap: 20 × 60 MB through execaSpawn, all results kept: peak RSS (VmHWM) ${(hwm / 1024 / 1024).toFixed(0)} MB`);
    assert.ok(hwm <= 300 * 1024 * 1024, `peak RSS ${hwm} bytes`);
  });

  void it('a missing binary sets spawnError and does not throw', async () => {
    const r = await execaSpawn({ argv: ['isocheck-no-such-binary-xyz', 'a'] });
    assert.ok(r.spawnError !== undefined);
    assert.match(r.spawnError, /ENOENT/);
    assert.equal(r.exitCode, null);
    assert.equal(r.timedOut, false);
  });

  void it('a non-zero exit is not a spawn error', async () => {
    const r = await execaSpawn({ argv: ['sh', '-c', 'exit 127'] });
    assert.equal(r.spawnError, undefined);
    assert.equal(r.exitCode, 127);
  });

  void it('an empty argv is a programming error', async () => {
    await assert.rejects(execaSpawn({ argv: [] }), TypeError);
  });

  void it('timeoutMs kills the whole process tree', async (t) => {
    const file = tmpFile(t);
    const t0 = Date.now();
    const running = execaSpawn({ argv: tree(file), timeoutMs: 400 });
    const pids = await pidsIn(file, 2);
    assert.deepEqual(pids.filter(alive), pids, 'the grandchildren run before the timeout');
    const r = await running;
    assert.equal(r.timedOut, true);
    assert.equal(r.aborted, false);
    assert.equal(r.exitCode, null);
    assert.equal(r.spawnError, undefined);
    assert.ok(Date.now() - t0 < 3000, `took ${Date.now() - t0}ms`);
    assert.deepEqual(await goneWithin(pids, 3000), [], 'grandchildren still alive');
  });

  void it('a child that ignores SIGTERM is killed too', async (t) => {
    const file = tmpFile(t);
    const running = execaSpawn({ argv: ['sh', '-c', `trap "" TERM; sleep 300 & echo $! > "${file}"; wait; wait`], timeoutMs: 200 });
    const pids = await pidsIn(file, 1);
    const r = await running;
    assert.equal(r.timedOut, true);
    assert.deepEqual(await goneWithin(pids, 3000), []);
  });

  void it('an AbortSignal kills the whole process tree', async (t) => {
    const file = tmpFile(t);
    const ac = new AbortController();
    const running = execaSpawn({ argv: tree(file), signal: ac.signal, timeoutMs: 60_000 });
    const pids = await pidsIn(file, 2);
    assert.deepEqual(pids.filter(alive), pids, 'the grandchildren run before the abort');
    const t0 = Date.now();
    ac.abort();
    const r = await running;
    assert.equal(r.aborted, true);
    assert.equal(r.timedOut, false);
    assert.equal(r.exitCode, null);
    assert.ok(Date.now() - t0 < 3000);
    assert.deepEqual(await goneWithin(pids, 3000), [], 'grandchildren still alive');
  });

  void it('a descendant that escaped with setsid and holds stdout: the spawn returns within timeout + grace, with what was read', async (t) => {
    // Without a run cgroup isocheck cannot kill it (the README says so); it must not wait for it.
    const file = tmpFile(t);
    const t0 = Date.now();
    const r = await execaSpawn({ argv: ['sh', '-c', `setsid sh -c 'echo $$ > "$1"; exec sleep 60' sh "${file}" & echo started`], timeoutMs: 500 });
    const took = Date.now() - t0;
    const [escaped] = await pidsIn(file, 1);
    t.after(() => killPids([escaped ?? 0]));
    assert.equal(r.timedOut, true);
    assert.equal(r.stdout, 'started\n');
    assert.equal(r.exitCode, 0, 'sh itself exited by itself');
    assert.ok(took < 500 + TIMEOUT_GRACE_MS + 1000, `took ${took}ms`);
  });

  void it('a background process that keeps stdout without a timeout is not a hang of isocheck\'s making: the abort ends it', async (t) => {
    const file = tmpFile(t);
    const ac = new AbortController();
    const running = execaSpawn({ argv: ['sh', '-c', `setsid sh -c 'echo $$ > "$1"; exec sleep 60' sh "${file}" & echo started`], signal: ac.signal });
    const [escaped] = await pidsIn(file, 1);
    t.after(() => killPids([escaped ?? 0]));
    const t0 = Date.now();
    ac.abort();
    const r = await running;
    assert.equal(r.aborted, true);
    assert.equal(r.stdout, 'started\n');
    assert.ok(Date.now() - t0 < TIMEOUT_GRACE_MS + 1000, `took ${Date.now() - t0}ms`);
  });

  void it('an already aborted signal does not let the command run', async (t) => {
    const file = tmpFile(t);
    const ac = new AbortController();
    ac.abort();
    const r = await execaSpawn({ argv: ['sh', '-c', `sleep 0.3; echo ran > "${file}"`], signal: ac.signal });
    assert.equal(r.aborted, true);
    assert.notEqual(r.exitCode, 0);
    await sleep(500);
    assert.equal(fs.existsSync(file), false);
  });

  void it('a command that finishes in time is not marked timed out, and later aborts change nothing', async () => {
    const ac = new AbortController();
    const r = await execaSpawn({ argv: ['sh', '-c', 'exit 0'], timeoutMs: 5000, signal: ac.signal });
    ac.abort();
    assert.equal(r.timedOut, false);
    assert.equal(r.aborted, false);
    assert.equal(r.exitCode, 0);
  });
});
