// Two real runs of the Linux reference scenario on the local engine (runc and runsc) give
// byte-identical normalized Markdown: every PID, container id, time and duration that changes
// between runs is a placeholder named by what it is, and nothing else moved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, runCli } from '../helpers/cli.js';
import { requireEngine } from '../helpers/engine.js';

const SCENARIO = path.join(ROOT, 'scenarios', 'linux', 'sandbox-isolation.yaml');

function transcript(dir: string, n: number): string {
  const file = path.join(dir, `run${n}.md`);
  const r = runCli(['run', SCENARIO, '--markdown', file, '--normalize']);
  assert.equal(r.code, 0, `run ${n}: exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  return fs.readFileSync(file, 'utf8');
}

test('two runs of the same passing scenario give byte-identical normalized Markdown', (t) => {
  if (!requireEngine(t)) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isocheck-e2e-normalize-'));
  try {
    const a = transcript(dir, 1);
    const b = transcript(dir, 2);
    assert.equal(a, b);
    // It is normalized, by name: the captured PID, the containers by their step, host PIDs by step.
    assert.match(a, /Captured: `procPid` = `<pid:procPid>`/);
    assert.match(a, /\| proc \| \\<id:proc\\> \| process \|/);
    assert.match(a, /\n<pid:procPid> +<host-pid:2\.1> +ping +proc <id:proc> +ping 127\.0\.0\.1\n/);
    assert.match(a, /\n<host-pid:7\.1> +<host-pid:7\.2> +\S+ +sbx <id:sbx> +runsc-sandbox /);
    // The engine's own top output is kept beside the runtime's view it was replaced by.
    assert.match(a, /Engine `top` output \(not used; shown above: runtime \(runsc ps\)\):/);
    // No volatile value is left: no 12+ hex ids, no clock times, no measured durations.
    assert.doesNotMatch(a, /\b[0-9a-f]{12,64}\b/);
    assert.doesNotMatch(a, /\b\d{1,2}:\d{2}(:\d{2})?\b/);
    assert.doesNotMatch(a, /\(\d+(\.\d+)?m?s\)/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
