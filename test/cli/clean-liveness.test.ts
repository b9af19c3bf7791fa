// Whether a run's isocheck process still runs, with real processes: a PID alone is not enough, PIDs
// are reused (here they wrap at 32768; a busy machine reuses one within seconds — a reliability run
// saw `clean` spare a SIGKILLed run's containers that way). The start-time label settles it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { runnerLiveness } from '../../src/cli/commands/clean.js';
import { ownStartTime, processStartTime } from '../../src/model/process-start.js';

test('a live node process with the labelled start time is alive; the same PID with another start time is not', async () => {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
  try {
    await new Promise((r) => setTimeout(r, 200));
    const pid = String(child.pid);
    const started = processStartTime(child.pid ?? 0);
    assert.match(started ?? '', /^[0-9]+$/);
    assert.equal(runnerLiveness(pid, started), 'alive');
    // A reused PID: the process at that number started at another time — not the runner.
    assert.equal(runnerLiveness(pid, String(Number(started) + 1)), 'dead');
    // Without the label (older runs): any live node process at that PID counts, as before.
    assert.equal(runnerLiveness(pid), 'alive');
  } finally {
    child.kill('SIGKILL');
  }
});

test('clean itself is never the runner, and a gone PID is dead', async () => {
  assert.equal(runnerLiveness(String(process.pid), ownStartTime()), 'dead');
  const gone = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise((r) => gone.on('exit', r));
  assert.equal(runnerLiveness(String(gone.pid), '1'), 'dead');
  assert.equal(runnerLiveness('not-a-pid'), 'unknown');
});

test('the start time is read past a comm that holds spaces and parentheses', () => {
  // This process's own stat; comm is "node" here, but the parser counts from the LAST ')'.
  assert.equal(processStartTime('self'), ownStartTime());
  assert.equal(processStartTime(2 ** 30), undefined);
});
