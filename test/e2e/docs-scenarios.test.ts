// The shipped scenarios/docs (claims quoted from gvisor.dev and docs.docker.com) on the real engine,
// runc and runsc: every scenario passes, exactly the gVisor steps marked knownDeviation deviate
// (each with its reason and the page's claim), every other step passes, and nothing is left behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers/cli.js';
import { isocheckContainers, requireEngine } from '../helpers/engine.js';
import type { RunResult } from '../../src/execute/results.js';

/** scenario file → ids of the steps known to deviate under gVisor. */
const DEVIATIONS: Record<string, string[]> = {
  'scenarios/docs/gvisor-dmesg.yaml': ['sbx-page-output'],
  'scenarios/docs/gvisor-opaque-process.yaml': [],
  'scenarios/docs/docker-pid-host.yaml': ['sbx-seer-ns', 'sbx-seer-sees'],
  'scenarios/docs/docker-pid-namespace.yaml': [],
  'scenarios/docs/docker-top.yaml': ['sbx-top-engine'],
  'scenarios/docs/docker-network-none.yaml': ['sbx-link', 'sbx-addr'],
};

test('scenarios/docs pass on the local engine, with exactly the known gVisor deviations', (t) => {
  if (!requireEngine(t)) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isocheck-e2e-docs-'));
  const json = path.join(dir, 'r.json');
  const r = runCli(['run', 'scenarios/docs', '--json', json, '--renderer', 'plain'], { timeoutMs: 300_000 });
  assert.equal(r.code, 0, `exit ${r.code}\n${r.stderr}`);
  const rep = JSON.parse(fs.readFileSync(json, 'utf8')) as RunResult;
  assert.deepEqual(rep.scenarios.map((s) => s.file).sort(), Object.keys(DEVIATIONS).sort(), 'every docs scenario ran');
  let expected = 0;
  for (const s of rep.scenarios) {
    const want = DEVIATIONS[s.file] ?? [];
    expected += want.length;
    assert.equal(s.status, 'passed', `${s.file}: ${s.skipReason ?? ''}`);
    assert.deepEqual(s.steps.filter((x) => x.status === 'deviation').map((x) => x.id), want, `${s.file}: the deviating steps`);
    for (const st of s.steps) {
      if (st.status === 'deviation') {
        assert.equal(st.knownDeviation?.outcome, 'deviation', `${s.file} › ${st.id}`);
        assert.ok(st.claim?.url?.startsWith('https://'), `${s.file} › ${st.id}: the claim links to the page`);
      } else {
        assert.equal(st.status, 'passed', `${s.file} › ${st.id}: ${st.error?.message ?? ''}`);
      }
    }
    assert.deepEqual(s.cleanup.errors, [], `${s.file}: cleanup`);
  }
  assert.equal(rep.totals.deviations, expected);
  assert.match(r.stderr, new RegExp(`^${rep.scenarios.length} passed, 0 failed, 0 skipped \\(`, 'm'));
  assert.match(r.stderr, new RegExp(`^${expected} known deviations \\(not failures\\): `, 'm'));
  // The dmesg deviation really ran on gVisor: its kernel log, not the page's lines.
  const dmesg = rep.scenarios.find((s) => s.file.endsWith('gvisor-dmesg.yaml'))?.steps.find((x) => x.id === 'sbx-page-output');
  assert.match(dmesg?.output ?? '', /^\[\s*0\.000000\] Starting gVisor\.\.\./);
  assert.deepEqual(isocheckContainers(rep.runId), []);
});
