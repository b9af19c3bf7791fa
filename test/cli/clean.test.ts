// isocheck clean on the real engine, with real containers whose io.isocheck.* labels are set by
// hand: a run of another host, a run of this host whose isocheck process is gone, and one whose
// process (a real node child) is alive. The engine is shared with other people's runs, so the
// `docker` the CLI uses here is a two-line wrapper that adds this test's own label to `docker ps`:
// clean can only ever see (and remove) this test's containers. Every other call is the real docker.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { judgeRun } from '../../src/cli/commands/clean.js';
import { runCli } from '../helpers/cli.js';
import { docker, IMAGE, requireEngine } from '../helpers/engine.js';

const SCOPE = `clean-test-${process.pid}-${Date.now().toString(36)}`;
const SCOPE_LABEL = `io.isocheck.testscope=${SCOPE}`;
const RUN = { other: `${SCOPE}-other`, dead: `${SCOPE}-dead`, live: `${SCOPE}-live` };
let dir = '';
let wrapper = '';
let live: ChildProcess | undefined;

function start(run: string, host: string, pid: number): string {
  const r = docker(['run', '-d', '--label', SCOPE_LABEL, '--label', `io.isocheck.run=${run}`, '--label', 'io.isocheck.scenario=clean.yaml', '--label', 'io.isocheck.step=c',
    '--label', `io.isocheck.pid=${pid}`, '--label', `io.isocheck.host=${host}`, IMAGE, 'sleep', '300']);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.trim();
}

const exists = (id: string): boolean => docker(['inspect', '--format', '{{.Id}}', id]).code === 0;
const clean = (args: string[]) => runCli(['clean', ...args], { env: { ISOCHECK_DOCKER: wrapper } });
const lineOf = (out: string, run: string): string => out.split('\n').find((l) => l.startsWith(`run ${run} `)) ?? '';

describe('isocheck clean', () => {
  const ids: Record<keyof typeof RUN, string> = { other: '', dead: '', live: '' };
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isocheck-clean-'));
    wrapper = path.join(dir, 'docker');
    fs.writeFileSync(wrapper, `#!/bin/sh\nif [ "$1" = ps ]; then shift; exec docker ps --filter 'label=${SCOPE_LABEL}' "$@"; fi\nexec docker "$@"\n`, { mode: 0o755 });
  });
  after(() => {
    live?.kill('SIGKILL');
    const left = docker(['ps', '-aq', '--filter', `label=${SCOPE_LABEL}`]).stdout.split('\n').filter((l) => l.trim() !== '');
    if (left.length > 0) docker(['rm', '-f', ...left]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('removes only this host\'s dead runs, says why for each run, and --run removes one run of any host', (t) => {
    if (!requireEngine(t)) return;
    const gone = spawnSync(process.execPath, ['-e', '0']).pid as number; // a real pid whose process has exited
    live = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    ids.other = start(RUN.other, `elsewhere-${SCOPE}`, 1);
    ids.dead = start(RUN.dead, os.hostname(), gone);
    ids.live = start(RUN.live, os.hostname(), live.pid as number);

    const all = clean(['--all', '--dry-run']);
    assert.equal(all.code, 0, all.stderr);
    for (const run of Object.values(RUN)) assert.match(lineOf(all.stdout, run), /would remove 1 container\(s\): --all$/);

    const r = clean([]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(lineOf(r.stdout, RUN.other), new RegExp(`host elsewhere-${SCOPE}  pid 1  other host  spare 1 container\\(s\\): started on host`));
    assert.match(lineOf(r.stdout, RUN.dead), new RegExp(`pid ${gone}  dead  remove 1 container\\(s\\): its isocheck process ${gone} is gone`));
    assert.match(lineOf(r.stdout, RUN.live), new RegExp(`pid ${live.pid}  alive  spare 1 container\\(s\\): its isocheck process ${live.pid} is still running`));
    assert.equal(exists(ids.dead), false, 'the dead local run is removed');
    assert.equal(exists(ids.other), true, 'another host\'s run is spared');
    assert.equal(exists(ids.live), true, 'a live run is spared');

    const one = clean(['--run', RUN.other]);
    assert.equal(one.code, 0, one.stderr);
    assert.match(lineOf(one.stdout, RUN.other), /remove 1 container\(s\): --run names it/);
    assert.equal(lineOf(one.stdout, RUN.live), '', '--run looks at that run only');
    assert.equal(exists(ids.other), false);
    assert.equal(exists(ids.live), true);

    live.kill('SIGKILL');
    const after = clean(['--dry-run']);
    assert.match(lineOf(after.stdout, RUN.live), /dead {2}would remove 1 container\(s\)/);
    assert.equal(exists(ids.live), true, '--dry-run removes nothing');
  });

  it('judges runs without an engine: another host is never dead, --all and --run override', () => {
    const c = (labels: Record<string, string>) => [{ id: 'x'.repeat(64), name: 'n', labels }];
    const other = c({ 'io.isocheck.host': 'elsewhere', 'io.isocheck.pid': '1' });
    assert.equal(judgeRun('r', other, {}, 'here').remove, false);
    assert.equal(judgeRun('r', other, { all: true }, 'here').remove, true);
    assert.equal(judgeRun('r', other, { run: 'r' }, 'here').remove, true);
    assert.equal(judgeRun('r', c({ 'io.isocheck.host': 'here' }), {}, 'here').remove, false, 'no pid label: spared');
  });

  it('--run with something that is not a run id is a usage error (exit 2), before the engine is asked', () => {
    const r = runCli(['clean', '--run', '--all'], { env: { ISOCHECK_DOCKER: '/nonexistent/docker' } });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /\[bad-run-id\]/);
  });
});
