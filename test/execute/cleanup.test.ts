// removeContainers / listContainers decide what was removed from what the docker CLI printed.
// The Spawn given here is not an engine: it replays docker CLI output recorded from the docker CLI
// 20.10.24 (Debian docker.io, /usr/bin/docker on the project's machines), and records the argv it
// was asked to run.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanupScenario, listContainers, removeContainers } from '../../src/execute/cleanup.js';
import type { Spawn, SpawnRequest, SpawnResult } from '../../src/execute/spawn.js';
import { dockerDriver } from '../plan/engines.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

// docker CLI 20.10.24, `docker rm --force --volumes <id>` for an id the daemon does not know:
// this line on stderr, exit code 0 with --force (1 when another id in the same call failed).
const NO_SUCH = (id: string): string => `Error: No such container: ${id}`;
// docker CLI 20.10.24, any command when dockerd is not running (exit 1). Recorded with
// DOCKER_HOST=unix:///tmp/…sock; the default socket gives the same line with its own path.
const DAEMON_DOWN = 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?';
// dockerd 20.10 (moby daemon/delete.go: "Could not kill running container %s, cannot remove - %v"),
// printed by the CLI as "Error response from daemon: …" when `rm --force` cannot kill one container.
const REFUSED = (id: string): string => `Error response from daemon: Could not kill running container ${id}, cannot remove - permission denied`;
// docker CLI 20.10.24, printed on stderr before any command when the CLI config file cannot be
// read (recorded with DOCKER_CONFIG pointing at an invalid config.json); the command itself runs
// and exits 0.
const CONFIG_WARNING = "WARNING: Error loading config file: /root/.docker/config.json: invalid character 'b' looking for beginning of object key string";

function replay(out: Partial<SpawnResult> | ((req: SpawnRequest) => Partial<SpawnResult>)): { spawn: Spawn; calls: SpawnRequest[] } {
  const calls: SpawnRequest[] = [];
  const spawn: Spawn = (req) => {
    calls.push(req);
    const o = typeof out === 'function' ? out(req) : out;
    return Promise.resolve({ argv: [...req.argv], exitCode: 0, stdout: '', stderr: '', startedAt: new Date().toISOString(), durationMs: 1, timedOut: false, aborted: false, ...o });
  };
  return { spawn, calls };
}

void describe('removeContainers', () => {
  void it('runs one docker rm --force --volumes for all ids, with a timeout', async () => {
    const { spawn, calls } = replay({ stdout: `${A}\n${B}\n` });
    const r = await removeContainers(spawn, dockerDriver(), [A, B]);
    assert.deepEqual(r, { removed: [A, B], errors: [] });
    assert.equal(calls.length, 1);
    assert.deepEqual(calls[0]?.argv, ['docker', 'rm', '--force', '--volumes', A, B]);
    assert.ok((calls[0]?.timeoutMs ?? 0) > 0);
  });

  void it('nothing to remove runs nothing', async () => {
    const { spawn, calls } = replay({});
    assert.deepEqual(await removeContainers(spawn, dockerDriver(), []), { removed: [], errors: [] });
    assert.equal(calls.length, 0);
  });

  void it('"No such container" counts as removed (already gone)', async () => {
    const { spawn } = replay({ exitCode: 0, stdout: `${A}\n`, stderr: `${NO_SUCH(B)}\n` });
    assert.deepEqual(await removeContainers(spawn, dockerDriver(), [A, B]), { removed: [A, B], errors: [] });
    const one = replay({ exitCode: 1, stderr: `${NO_SUCH(B)}\n` });
    assert.deepEqual(await removeContainers(one.spawn, dockerDriver(), [B]), { removed: [B], errors: [] });
  });

  void it('"No such container" next to a real refusal: only the refused one stays', async () => {
    const { spawn } = replay({ exitCode: 1, stderr: `${NO_SUCH(B)}\n${REFUSED(A)}\n` });
    assert.deepEqual(await removeContainers(spawn, dockerDriver(), [A, B]), { removed: [B], errors: [REFUSED(A)] });
  });

  void it('daemon down: nothing removed, the error is reported', async () => {
    const { spawn } = replay({ exitCode: 1, stderr: `${DAEMON_DOWN}\n` });
    const r = await removeContainers(spawn, dockerDriver(), [A, B]);
    assert.deepEqual(r.removed, []);
    assert.deepEqual(r.errors, [DAEMON_DOWN]);
  });

  void it('the daemon refuses one container: the others are removed', async () => {
    const { spawn } = replay({ exitCode: 1, stdout: `${B}\n`, stderr: `${REFUSED(A)}\n` });
    const r = await removeContainers(spawn, dockerDriver(), [A, B]);
    assert.deepEqual(r.removed, [B]);
    assert.deepEqual(r.errors, [REFUSED(A)]);
  });

  void it('a warning on stderr of a successful docker rm is not a cleanup error', async () => {
    const { spawn } = replay({ exitCode: 0, stdout: `${A}\n`, stderr: `${CONFIG_WARNING}\n` });
    assert.deepEqual(await removeContainers(spawn, dockerDriver(), [A]), { removed: [A], errors: [] });
  });

  void it('the docker CLI missing: nothing removed, the spawn error is reported', async () => {
    const { spawn } = replay({ exitCode: null, spawnError: 'Command failed with ENOENT: docker rm\nspawn docker ENOENT' });
    const r = await removeContainers(spawn, dockerDriver(), [A]);
    assert.deepEqual(r.removed, []);
    assert.equal(r.errors.length, 1);
    assert.match(r.errors[0] ?? '', /ENOENT/);
  });

  void it('docker rm timing out: nothing counted as removed, and it says so', async () => {
    const { spawn } = replay({ exitCode: null, timedOut: true });
    const r = await removeContainers(spawn, dockerDriver(), [A]);
    assert.deepEqual(r.removed, []);
    assert.match(r.errors.join('\n'), /did not finish within 30s/);
  });
});

void describe('listContainers', () => {
  // The rows are what `docker ps --format '[{{json .ID}},{{json .Names}},{{json (.Label "…")}}…]'`
  // prints (checked by hand on this machine's docker CLI 28.2.2 / engine 20.10: each field is a JSON
  // string, so a label value's newline or tab comes out as \n / \t inside one line).
  const row = (...cells: string[]): string => JSON.stringify(cells);
  void it('parses id, name and labels from docker ps --format', async () => {
    // One column per isocheck label, so values with commas survive; empty = unset.
    const line = row(A, 'isocheck-r1-0-sbx', 'r1', 'scenarios/a,b/sandbox-isolation.yaml', 'sbx', '', 'vm', '');
    const { spawn, calls } = replay({ stdout: `${line}\n\n` });
    const got = await listContainers(spawn, dockerDriver(), 'io.isocheck.run=r1');
    assert.deepEqual(got, [{ id: A, name: 'isocheck-r1-0-sbx', labels: { 'io.isocheck.run': 'r1', 'io.isocheck.scenario': 'scenarios/a,b/sandbox-isolation.yaml', 'io.isocheck.step': 'sbx', 'io.isocheck.host': 'vm' } }]);
    assert.ok(calls[0]?.argv.includes('label=io.isocheck.run=r1'));
    assert.ok(calls[0]?.argv.at(-1)?.includes('{{json (.Label "io.isocheck.scenario")}}'));
  });

  void it('a label value with a newline and a tab cannot split a row and slip another id in', async () => {
    // A label is anyone's text: with the old tab/newline format this row read as two containers,
    // the second with id B — which `clean` would then have removed.
    const hostile = `r1\n${B}\tn-b\tr1`;
    const { spawn } = replay({ stdout: `${row(A, 'n-a', hostile, 's.yaml', 'a', '1', 'vm', '')}\n` });
    const got = await listContainers(spawn, dockerDriver(), 'io.isocheck.run=r1');
    assert.equal(got.length, 1);
    assert.equal(got[0]?.id, A);
    assert.equal(got[0]?.labels['io.isocheck.run'], hostile);
  });

  void it('a row that is not the expected JSON array is an error, not a guess', async () => {
    for (const bad of [`${A}\tn-a\tr1`, '["not-an-id","n"]', '{"ID":"x"}', '[1,2]']) {
      const { spawn } = replay({ stdout: `${bad}\n` });
      await assert.rejects(listContainers(spawn, dockerDriver(), 'io.isocheck.run=r1'), /does not understand/, bad);
    }
  });

  void it('throws with the CLI message when docker ps fails', async () => {
    const { spawn } = replay({ exitCode: 1, stderr: `${DAEMON_DOWN}\n` });
    await assert.rejects(listContainers(spawn, dockerDriver(), 'io.isocheck.run=r1'), /docker ps failed: Cannot connect to the Docker daemon/);
  });
});

void describe('cleanupScenario', () => {
  void it('removes the known ids and what else carries the run and scenario labels, once each', async () => {
    const C = 'c'.repeat(64);
    const ps = [
      JSON.stringify([A, 'n-a', 'r1', 's.yaml', 'a', '1', 'vm', '']),
      JSON.stringify([C, 'n-c', 'r1', 'other.yaml', 'c', '1', 'vm', '']),
      JSON.stringify([B, 'n-b', 'r1', 's.yaml', 'b', '1', 'vm', '']),
    ].join('\n');
    const { spawn, calls } = replay((req) => (req.argv[1] === 'ps' ? { stdout: `${ps}\n` } : { stdout: `${A}\n${B}\n` }));
    const r = await cleanupScenario(spawn, dockerDriver(), 'r1', 's.yaml', [A]);
    assert.deepEqual(r, { removed: [A, B], errors: [] });
    assert.deepEqual(calls.at(-1)?.argv, ['docker', 'rm', '--force', '--volumes', A, B]);
  });

  void it('daemon down: reports both failures and removes nothing', async () => {
    const { spawn } = replay({ exitCode: 1, stderr: `${DAEMON_DOWN}\n` });
    const r = await cleanupScenario(spawn, dockerDriver(), 'r1', 's.yaml', [A]);
    assert.deepEqual(r.removed, []);
    assert.equal(r.errors.length, 2);
  });
});
