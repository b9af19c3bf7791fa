// execaSpawn with real, tiny processes: sh, sleep and node itself. No fakes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execaSpawn } from '../../src/execute/spawn.js';

const NODE = process.execPath;
const PRINT_ARGV = 'process.stdout.write(JSON.stringify(process.argv.slice(1)))';

/**
 * Whether a process still runs. kill(pid, 0) throwing ESRCH means it is gone; it also succeeds for
 * a zombie, which has exited but waits for its parent to reap it. Killed grandchildren are
 * re-parented to PID 1, and on some machines (containers whose init reaps lazily) they stay zombies
 * for seconds: a zombie (state Z in /proc/<pid>/stat) runs nothing, so it counts as gone.
 */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw e;
  }
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false; // vanished between the two looks
  }
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state !== 'Z' && state !== 'X';
}

/** Wait until every PID is gone, at most `ms`; returns those still alive. */
async function goneWithin(pids: number[], ms: number): Promise<number[]> {
  const until = Date.now() + ms;
  for (;;) {
    const left = pids.filter(alive);
    if (left.length === 0 || Date.now() >= until) return left;
    await sleep(50);
  }
}

/** Read the PIDs a child wrote, waiting until `n` are there. */
async function pidsIn(file: string, n: number): Promise<number[]> {
  for (let i = 0; i < 100; i++) {
    const pids = (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '').split('\n').filter((l) => l.trim() !== '').map(Number);
    if (pids.length >= n) return pids;
    await sleep(20);
  }
  assert.fail(`${file} did not get ${n} PIDs`);
}

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

  void it('keeps the final newline and large output', async () => {
    const r = await execaSpawn({ argv: [NODE, '-e', 'process.stdout.write("x".repeat(1<<20)+"\\n")'] });
    assert.equal(r.stdout.length, (1 << 20) + 1);
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
