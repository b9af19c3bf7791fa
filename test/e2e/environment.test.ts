// An unusable environment is one clear line and exit 3, quickly: well before the 10 s engine
// timeout (a missing CLI or a refused connection is known at once). The bound is 5 s, not the
// ~0.5 s these take on an idle machine, so a loaded CI machine does not make it flaky.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ROOT, runCli } from '../helpers/cli.js';

const SCENARIO = path.join(ROOT, 'scenarios', 'linux', 'sandbox-isolation.yaml');

test('no docker CLI: exit 3 with one line, at once (not after the engine timeout)', () => {
  const r = runCli(['run', SCENARIO], { env: { ISOCHECK_DOCKER: '/nonexistent/docker' } });
  assert.equal(r.code, 3, r.stderr);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0] ?? '', /docker CLI .* was not found.*\[docker-not-found\]/);
  assert.ok(r.ms < 5000, `took ${r.ms} ms`);
});

test('engine unreachable: exit 3 with one line, at once (not after the engine timeout)', () => {
  const r = runCli(['run', SCENARIO], { env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' } });
  assert.equal(r.code, 3, r.stderr);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /engine is not reachable.*\[engine-unreachable\]/);
  assert.ok(r.ms < 5000, `took ${r.ms} ms`);
});

test('invalid input: exit 2 and nothing runs', () => {
  const r = runCli(['run', path.join(ROOT, 'does-not-exist.yaml')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /does-not-exist\.yaml:1:1: /);
});
