// The run cgroup with real processes and the real cgroupfs (Linux, root): the test process itself
// is isocheck here, it moves into the run's cgroup and back. Each hierarchy this machine has (v1
// pids, v2) is tested; where none is usable the tests are skipped with the reason, and the
// fallback (no cgroup) is what spawn.test.ts covers.
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { alive, goneWithin, pidsIn } from '../helpers/processes.js';
import { cgroupMode, openRunCgroup, type RunCgroup } from '../../src/execute/cgroup.js';
import { createSpawn, TIMEOUT_GRACE_MS } from '../../src/execute/spawn.js';

const ownCgroups = (): string => fs.readFileSync('/proc/self/cgroup', 'utf8');

/** Processes that leave the process group and the session, so only the cgroup can find them. */
const escapes = (file: string): Record<string, string> => ({
  'setsid, holding stdout': `setsid sh -c 'echo $$ >> "$1"; exec sleep 300' sh "${file}" & echo started`,
  'backgrounded, output to /dev/null': `sleep 300 >/dev/null 2>&1 & echo $! >> "${file}"`,
  'double-fork daemon (fork, setsid, fork, fds closed)': `(setsid sh -c '(exec sleep 300) </dev/null >/dev/null 2>&1 & echo $! >> "$1"' sh "${file}" &) </dev/null >/dev/null 2>&1`,
  'escaped and ignoring SIGTERM': `setsid sh -c 'trap "" TERM; echo $$ >> "$1"; while :; do sleep 1; done' sh "${file}" </dev/null >/dev/null 2>&1 &`,
});

/** The run cgroup, or a skip saying why this machine has none (then the fallback applies). */
function open(t: TestContext, runId: string, mode: 'v1' | 'v2'): RunCgroup | undefined {
  const g = process.platform === 'linux' && process.getuid?.() === 0 ? openRunCgroup(runId, mode) : undefined;
  if (g === undefined) t.skip(process.platform !== 'linux' ? 'not Linux' : process.getuid?.() !== 0 ? 'not root' : `no usable cgroup ${mode} hierarchy here`);
  return g;
}

for (const mode of ['v1', 'v2'] as const) {
  void describe(`run cgroup (${mode})`, () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `isocheck-cgroup-${mode}-`));

    void it('isocheck moves into isocheck-<runId> and back out; the cgroup is removed', async (t) => {
      const g = open(t, `probe${process.pid}`, mode);
      if (g === undefined) return;
      assert.match(g.dir, new RegExp(`/isocheck-probe${process.pid}$`));
      assert.ok(ownCgroups().includes(`/isocheck-probe${process.pid}`), ownCgroups());
      assert.equal(openRunCgroup('second', mode), undefined, 'one run cgroup per process');
      assert.deepEqual(await g.dispose(), []);
      assert.ok(!ownCgroups().includes('/isocheck-'), ownCgroups());
      assert.equal(fs.existsSync(g.dir), false);
    });

    void it('at a step timeout every process of that step is killed, also those that left its process group and session', async (t) => {
      const g = open(t, `t${process.pid}`, mode);
      if (g === undefined) return;
      try {
        const file = path.join(tmp, 'timeout');
        const script = [...Object.values(escapes(file)), 'wait'].join('\n');
        const spawn = createSpawn({ cgroup: g });
        const t0 = Date.now();
        const running = spawn({ argv: ['sh', '-c', script], timeoutMs: 1000 });
        const pids = await pidsIn(file, 4);
        assert.deepEqual(pids.filter(alive), pids, 'all four run before the timeout');
        const r = await running;
        const took = Date.now() - t0;
        assert.equal(r.timedOut, true);
        assert.match(r.stdout, /started/);
        assert.ok(took <= 1000 + TIMEOUT_GRACE_MS + 500, `the spawn took ${took} ms`);
        assert.deepEqual(await goneWithin(pids, TIMEOUT_GRACE_MS), [], 'processes of the timed-out step still alive');
        console.log(`cgroup ${mode}: a step with 4 escaping children and timeout 1s returned after ${took} ms`);
      } finally {
        await g.dispose();
      }
    });

    void it('processes a finished step left running are killed when the run ends, and only they', async (t) => {
      const g = open(t, `e${process.pid}`, mode);
      if (g === undefined) return;
      const file = path.join(tmp, 'end');
      let pids: number[] = [];
      try {
        const spawn = createSpawn({ cgroup: g });
        const all = escapes(file);
        delete all['setsid, holding stdout']; // that one would hold the pipe until the timeout
        for (const script of Object.values(all)) {
          const r = await spawn({ argv: ['sh', '-c', script], timeoutMs: 10_000 });
          assert.equal(r.timedOut, false, script);
          assert.equal(r.exitCode, 0, script);
        }
        pids = await pidsIn(file, 3);
        await sleep(100);
        assert.deepEqual(pids.filter(alive), pids, 'the step ended and left its processes running');
        assert.ok(alive(process.pid));
      } finally {
        const killed = await g.dispose();
        assert.deepEqual([...pids].sort((a, b) => a - b).filter((p) => !killed.includes(p)), [], `dispose killed ${killed.join(' ')}`);
      }
      assert.deepEqual(await goneWithin(pids, 1000), []);
      assert.equal(fs.existsSync(g.dir), false, 'the run cgroup is removed');
    });
  });
}

void it('ISOCHECK_CGROUP: off, v1, v2, else auto', () => {
  assert.equal(cgroupMode({}), 'auto');
  assert.equal(cgroupMode({ ISOCHECK_CGROUP: 'off' }), 'off');
  assert.equal(cgroupMode({ ISOCHECK_CGROUP: '0' }), 'off');
  assert.equal(cgroupMode({ ISOCHECK_CGROUP: 'V2' }), 'v2');
  assert.equal(cgroupMode({ ISOCHECK_CGROUP: 'v1' }), 'v1');
  assert.equal(cgroupMode({ ISOCHECK_CGROUP: 'yes' }), 'auto');
  assert.equal(openRunCgroup('off', 'off'), undefined);
});
