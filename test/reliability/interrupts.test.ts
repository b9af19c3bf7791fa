// Interrupts never leave anything behind. The Linux reference scenario is run again and again and
// interrupted by SIGINT or SIGTERM (alternating) at a random moment 0–6 s after the CLI was spawned:
// before, during and after its containers start. After each: the exit code says the signal (or the
// run had already finished, passed and left nothing), no container of the run remains, no gVisor
// sandbox/gofer of its containers remains. Then runs are SIGKILLed, and `isocheck clean` must
// remove everything they left.
//   ISOCHECK_RELIABILITY_INTERRUPTS (default 50), ISOCHECK_RELIABILITY_KILLS (default 10),
//   ISOCHECK_RELIABILITY_SEED (replay a sequence; logged), ISOCHECK_RELIABILITY_MAX_DELAY_MS (6000).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { RunResult } from '../../src/execute/results.js';
import { runCli, startCli } from '../helpers/cli.js';
import { docker, requireEngine } from '../helpers/engine.js';
import {
  REFERENCE, containersOfRunner, containersWith, delay, dockerChildrenOf, dockerTouching, envCount, prng, readJson, removeOwn,
  runscContainerIds, runscOf, seedFromEnv, STACK, tempDir, waitFor,
} from './support.js';

const INTERRUPTS = envCount('ISOCHECK_RELIABILITY_INTERRUPTS', 50);
const KILLS = envCount('ISOCHECK_RELIABILITY_KILLS', 10);
const SEED = seedFromEnv();

/**
 * One uninterrupted run first: it must pass, and its timing places the signals. Delays are drawn
 * from 0 to min(6 s, 90% of this run), so they fall before, during and after container start on a
 * fast or a slow machine alike (ISOCHECK_RELIABILITY_MAX_DELAY_MS overrides).
 */
async function baseline(): Promise<{ totalMs: number; firstContainerMs: number; maxDelayMs: number }> {
  const t0 = Date.now();
  const { child, done } = startCli(['run', REFERENCE, '--renderer', 'plain']);
  let first = 0;
  const pid = child.pid ?? -1;
  const poll = (async () => {
    while (first === 0 && child.exitCode === null) {
      if (containersOfRunner(pid).length > 0) first = Date.now() - t0;
      else await delay(100);
    }
  })();
  const r = await done;
  await poll;
  assert.equal(r.code, 0, `the reference scenario must pass here before it is interrupted:\n${r.stderr}`);
  const fromEnv = envCount('ISOCHECK_RELIABILITY_MAX_DELAY_MS', 0);
  return { totalMs: r.ms, firstContainerMs: first || r.ms / 3, maxDelayMs: fromEnv > 0 ? fromEnv : Math.min(6000, Math.round(r.ms * 0.9)) };
}

/** While a CLI runs, note every container it starts (by its pid label) and the run id. */
function watchRunner(pid: number): { seen: Map<string, string>; stop(): void } {
  const seen = new Map<string, string>();
  let on = true;
  const tick = async (): Promise<void> => {
    while (on) {
      for (const c of containersOfRunner(pid)) seen.set(c.id, c.run);
      await delay(250);
    }
  };
  void tick();
  return { seen, stop: () => { on = false; } };
}

interface Outcome {
  kind: 'interrupted' | 'signal-default' | 'finished';
  delayMs: number;
  signal: 'SIGINT' | 'SIGTERM';
  containers: number;
  leftContainers: string[];
  leftRunsc: number[];
  runsSeconds: number;
}

test(`${INTERRUPTS} SIGINT/SIGTERM interrupts of the reference scenario leave no container and no sandbox`, { timeout: 60 * 60_000 }, async (t) => {
  if (!requireEngine(t)) return;
  const random = prng(SEED);
  const base = await baseline();
  const MAX_DELAY_MS = base.maxDelayMs;
  console.log(`interrupts: seed ${SEED} (ISOCHECK_RELIABILITY_SEED replays it), ${INTERRUPTS} runs; an uninterrupted run took ${base.totalMs} ms, its first container appeared after ~${base.firstContainerMs} ms; delays 0–${MAX_DELAY_MS} ms`);
  const dir = tempDir('int');
  const outcomes: Outcome[] = [];
  const orphansBefore = runscContainerIds();
  for (let i = 0; i < INTERRUPTS; i++) {
    const signal = i % 2 === 0 ? 'SIGINT' : 'SIGTERM';
    const delayMs = Math.floor(random() * MAX_DELAY_MS);
    const json = path.join(dir, `run-${i}.json`);
    const { child, done } = startCli(['run', REFERENCE, '--renderer', 'plain', '--json', json]);
    const pid = child.pid ?? -1;
    const watch = watchRunner(pid);
    await delay(delayMs);
    child.kill(signal);
    const r = await done;
    watch.stop();
    const where = `run ${i} (seed ${SEED}, ${signal} after ${delayMs} ms, pid ${pid})`;
    const rep = readJson<RunResult>(json);
    // Every container this process created: by its pid label, the run id, the report and what was seen.
    const ids = new Set<string>([...watch.seen.keys(), ...(rep?.scenarios.flatMap((s) => [...s.containers.map((c) => c.id), ...s.cleanup.removed]) ?? [])]);
    const runIds = new Set<string>([...watch.seen.values(), ...(rep && rep.runId !== 'none' ? [rep.runId] : [])].filter((x) => x !== ''));
    const left = [...new Set([...containersWith(`io.isocheck.pid=${pid}`), ...[...runIds].flatMap((run) => containersWith(`io.isocheck.run=${run}`))])];
    // gVisor tears its sandbox down asynchronously after `docker rm` returns: allow it a moment.
    const runsc = (await waitFor(() => (runscOf([...ids]).length === 0 ? [] : undefined), 3000)) ?? runscOf([...ids]).map((p) => p.pid);
    removeOwn(left); // so one failure does not cascade into the next runs
    let kind: Outcome['kind'];
    const expected = signal === 'SIGINT' ? 130 : 143;
    if (r.code === expected) {
      kind = 'interrupted';
      assert.ok(rep, `${where}: an interrupted run still writes its --json report`);
      assert.equal(rep.status, 'interrupted', `${where}: report status`);
      assert.equal(rep.interruptedBy, signal, `${where}: interruptedBy`);
      assert.match(r.stderr, /interrupted|stopping/i, where);
    } else if (r.code === null && r.signal === signal && rep?.status === 'passed') {
      // The run had finished, cleaned up and written its report; the signal reached node while it
      // was exiting (its signal watchers already closed), so the default action ended it. Nothing
      // may be left (checked below), as for any finished run.
      kind = 'finished';
    } else if (r.code === null && r.signal === signal) {
      // The signal came before `isocheck run` installed its handlers (node start-up, module
      // loading): the default action ended the process. Nothing can have been started then.
      kind = 'signal-default';
      assert.equal(ids.size, 0, `${where}: killed by the default ${signal} action after starting containers ${[...ids].join(', ')}`);
    } else {
      kind = 'finished';
      assert.ok(r.code === 0 || r.code === 1, `${where}: exit ${r.code} signal ${r.signal}\n${r.stderr}`);
      assert.equal(r.code, 0, `${where}: the run finished before the signal, so it must have passed:\n${r.stderr}`);
      assert.equal(rep?.status, 'passed', `${where}: report status`);
    }
    assert.doesNotMatch(r.stderr, STACK, `${where}: no stack trace`);
    assert.doesNotMatch(r.stderr, /internal error/, `${where}: no internal error`);
    assert.deepEqual(left, [], `${where}: containers left behind`);
    assert.deepEqual(runsc, [], `${where}: runsc-sandbox/gofer processes of ${[...ids].join(', ')} left behind`);
    outcomes.push({ kind, delayMs, signal, containers: ids.size, leftContainers: left, leftRunsc: runsc, runsSeconds: r.ms / 1000 });
  }
  const interrupted = outcomes.filter((o) => o.kind === 'interrupted').length;
  const atStartup = outcomes.filter((o) => o.kind === 'signal-default').length;
  const finished = outcomes.filter((o) => o.kind === 'finished').length;
  const withContainers = outcomes.filter((o) => o.kind === 'interrupted' && o.containers > 0).length;
  const known = new Set(docker(['ps', '-aq', '--no-trunc']).stdout.split('\n').map((l) => l.trim()));
  const orphansNow = [...runscContainerIds()].filter((id) => !orphansBefore.has(id) && !known.has(id));
  console.log(
    `interrupts: ${outcomes.length} runs, ${interrupted + atStartup} interrupts (${interrupted} exited 130/143 — ${withContainers} of them after containers had started — and ${atStartup} ended by the default signal action during start-up, before any container), ${finished} early finishes (passed), leaked containers: 0, leaked runsc processes: 0, new orphan sandboxes on the host: ${orphansNow.length}; seed ${SEED}`,
  );
  assert.ok(outcomes.length === 0 || (interrupted + atStartup) / outcomes.length >= 0.8, `at least 80% real interrupts (got ${interrupted + atStartup} of ${outcomes.length})`);
  fs.rmSync(dir, { recursive: true, force: true });
});

test(`${KILLS} SIGKILLed runs: isocheck clean removes everything they left`, { timeout: 30 * 60_000 }, async (t) => {
  if (!requireEngine(t)) return;
  const random = prng(SEED + 1);
  let leftTotal = 0;
  let removedTotal = 0;
  let midRun = 0;
  for (let i = 0; i < KILLS; i++) {
    const { child, done } = startCli(['run', REFERENCE, '--renderer', 'plain']);
    const pid = child.pid ?? -1;
    // Every third kill lands while the first `docker run` may still be in flight; the others after
    // the first container exists, 0–2 s later (before the run's own cleanup).
    const early = i % 3 === 2;
    let delayMs: number;
    if (early) {
      delayMs = 300 + Math.floor(random() * 1200);
      await delay(delayMs);
    } else {
      const t0 = Date.now();
      await waitFor(() => (containersOfRunner(pid).length > 0 ? true : undefined), 60_000, 50);
      const extra = Math.floor(random() * 2000);
      await delay(extra);
      delayMs = Date.now() - t0;
    }
    child.kill('SIGKILL');
    await done;
    const where = `kill ${i} (seed ${SEED + 1}, SIGKILL ${early ? `${delayMs} ms after spawning` : `${delayMs} ms after the first container appeared`}, pid ${pid})`;
    // A docker CLI the dead runner had started (own process group) may still be creating a container,
    // or removing them (its end-of-scenario `docker rm`): wait for both, so `left` is what stays.
    await waitFor(() => (dockerChildrenOf(pid).length === 0 && dockerTouching(containersWith(`io.isocheck.pid=${pid}`)).length === 0 ? true : undefined), 30_000);
    const left = containersWith(`io.isocheck.pid=${pid}`);
    leftTotal += left.length;
    if (early && left.length > 0) midRun++;
    const r = runCli(['clean']);
    assert.equal(r.code, 0, `${where}: clean exit code\n${r.stdout}\n${r.stderr}`);
    const removed = new Set([...r.stdout.matchAll(/^removed \S+ \(([0-9a-f]{12}),/gm)].map((m) => m[1]));
    // A container that vanished between the snapshot above and clean's own listing (its removal was
    // already under way in the daemon when the runner died; seen twice in CI runs) was not left
    // behind; one that clean neither removed nor saw gone is.
    const exists = new Set(docker(['ps', '-aq', '--no-trunc']).stdout.split('\n').map((l) => l.trim()));
    for (const id of left) assert.ok(removed.has(id.slice(0, 12)) || !exists.has(id), `${where}: clean did not remove ${id}:\n${r.stdout}`);
    removedTotal += left.length;
    const still = containersWith(`io.isocheck.pid=${pid}`);
    removeOwn(still);
    assert.deepEqual(still, [], `${where}: containers with the dead run's label remain after clean`);
    const runsc = (await waitFor(() => (runscOf(left).length === 0 ? [] : undefined), 10_000)) ?? runscOf(left).map((p) => p.pid);
    assert.deepEqual(runsc, [], `${where}: runsc processes of removed containers remain`);
  }
  console.log(`interrupts: ${KILLS} SIGKILL runs left ${leftTotal} containers (${midRun} of the early kills left one); isocheck clean removed all ${removedTotal}; leaked containers: 0`);
  assert.ok(KILLS < 3 || leftTotal > 0, 'the SIGKILLs landed while containers existed (otherwise clean was not tested)');
});
