// clean's sweep of run cgroups left by killed runs, on the real cgroupfs (Linux, root): an empty
// one is removed, one holding a live process (a real sleep moved into it) is left alone, a dry run
// and a freshly made one remove nothing.
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { findHierarchy } from '../../src/execute/cgroup.js';
import { sweepRunCgroups } from '../../src/execute/cgroup-sweep.js';

const suffix = (): string => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

/** A run-cgroup-shaped folder with one spawn child, in this process's own cgroup; or a skip saying why not. */
function makeRunCgroup(t: TestContext): string | undefined {
  const h = process.platform === 'linux' && process.getuid?.() === 0 ? (findHierarchy('v2') ?? findHierarchy('v1')) : undefined;
  if (h === undefined) {
    t.skip(process.platform !== 'linux' ? 'not Linux' : process.getuid?.() !== 0 ? 'not root' : 'no usable cgroup hierarchy here');
    return undefined;
  }
  const dir = path.join(h.own, `isocheck-${suffix()}`);
  fs.mkdirSync(path.join(dir, 'spawn-1'), { recursive: true });
  t.after(() => {
    for (const d of [path.join(dir, 'spawn-1'), dir]) {
      try {
        fs.rmdirSync(d);
      } catch {
        // removed by the test already
      }
    }
  });
  return dir;
}

describe('sweepRunCgroups', () => {
  it('removes an empty run cgroup, and a dry run only names it', (t) => {
    const dir = makeRunCgroup(t);
    if (dir === undefined) return;
    const dry = sweepRunCgroups(true, 0);
    assert.ok(dry.stale.includes(dir), 'the dry run lists it');
    assert.ok(fs.existsSync(dir), 'the dry run leaves it');
    const r = sweepRunCgroups(false, 0);
    assert.ok(r.stale.includes(dir));
    assert.ok(!r.failed.includes(dir));
    assert.equal(fs.existsSync(dir), false, 'the empty run cgroup is gone');
  });

  it('leaves a run cgroup that still holds a process, and one made moments ago', async (t) => {
    const dir = makeRunCgroup(t);
    if (dir === undefined) return;
    const sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
    t.after(() => {
      sleeper.kill('SIGKILL');
    });
    await new Promise((resolve) => sleeper.once('spawn', resolve));
    fs.writeFileSync(path.join(dir, 'spawn-1', 'cgroup.procs'), String(sleeper.pid));
    const r = sweepRunCgroups(false, 0);
    assert.ok(r.busy.includes(dir), 'a cgroup with a live process is busy');
    assert.ok(fs.existsSync(path.join(dir, 'spawn-1')), 'and stays');
    // Out again: now empty, but younger than the default minimum age (a run that is just starting).
    const own = path.dirname(dir);
    fs.writeFileSync(path.join(own, 'cgroup.procs'), String(sleeper.pid));
    const young = sweepRunCgroups(false);
    assert.ok(young.busy.includes(dir) && fs.existsSync(dir), 'a fresh run cgroup is spared');
  });
});
