// `podman top <id> pid hpid comm args` parsed into host processes.
// RECORDED on the project VM on 2026-12-01 (Debian 12, podman 4.3.1, rootful, cgroup v1 cgroupfs,
// runc 1.1.5, runsc registered as "runsc" through /usr/local/lib/isocheck/runsc-podman):
//   R=$(podman run -d isocheck/busybox:local ping 127.0.0.1)
//   podman exec -d $R sleep 300; podman exec -d $R sh -c 'sleep 301; echo "two  spaces"'
//   podman top $R pid hpid comm args            → RUNC below (each row ends in one space: tabwriter)
//   S=$(podman run -d --runtime runsc isocheck/busybox:local ping 127.0.0.1)
//   podman top $S pid hpid comm args            → RUNSC below: the header only, exit 0
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePodmanTop, TOP_DESCRIPTORS } from '../../../src/engine/podman/top.js';
import { createPodmanDriver } from '../../../src/engine/podman/driver.js';
import { ParseError } from '../../../src/parse/errors.js';

const RUNC = [
  'PID         HPID        COMMAND     COMMAND',
  '1           20485       ping        ping 127.0.0.1 ',
  '6           21156       sleep       sleep 300 ',
  '11          23655       sh          sh -c sleep 301; echo "two  spaces" ',
  '16          23666       sleep       sleep 301 ',
  '',
].join('\n');

const RUNSC = 'PID         HPID        COMMAND     COMMAND\n';

void test('the host PID (hpid) is the process identity; the PID inside is kept as containerPid', () => {
  const ps = parsePodmanTop(RUNC);
  assert.deepEqual(ps.map((p) => p.pid), [20485, 21156, 23655, 23666]);
  assert.deepEqual(ps.map((p) => p.extra?.containerPid), ['1', '6', '11', '16']);
  assert.deepEqual(ps.map((p) => p.name), ['ping', 'sleep', 'sh', 'sleep']);
  assert.deepEqual(ps[0]?.argv, ['ping', '127.0.0.1']);
});

void test('args keep their inner spaces, to the end of the line', () => {
  const sh = parsePodmanTop(RUNC)[2];
  assert.equal(sh?.cmdline, 'sh -c sleep 301; echo "two  spaces"');
});

void test('under gVisor Podman lists no host process: an empty table, not an error', () => {
  assert.deepEqual(parsePodmanTop(RUNSC), []);
});

void test('comm with a space stays one name (constructed from the RUNC layout: comm "tmux: server")', () => {
  const text = ['PID         HPID        COMMAND       COMMAND', '1           31337       tmux: server  tmux new -s a b ', ''].join('\n');
  const [p] = parsePodmanTop(text);
  assert.equal(p?.name, 'tmux: server');
  assert.equal(p?.pid, 31337);
  assert.equal(p?.cmdline, 'tmux new -s a b');
});

void test('a row without a host PID ("?": psgo could not map it) is refused, not guessed', () => {
  const text = RUNC.replace('21156      ', '?          ');
  assert.throws(() => parsePodmanTop(text), (e: unknown) => e instanceof ParseError && /HPID is not a number/.test(e.message));
});

void test('another column layout (e.g. `podman top` defaults) is refused', () => {
  // `podman top $R` with no descriptors, recorded the same day.
  const defaults = 'USER        PID         PPID        %CPU        ELAPSED        TTY         TIME        COMMAND\n0           1           0           0.000       13.036715579s  ?           0s          ping 127.0.0.1 \n';
  assert.throws(() => parsePodmanTop(defaults), /expected the columns PID HPID COMMAND COMMAND/);
  assert.throws(() => parsePodmanTop(''), /empty output/);
});

void test('the driver asks for exactly the columns the parser reads, and says the PIDs are the host\'s', () => {
  const d = createPodmanDriver({ name: 'podman', kind: 'podman' }, {});
  assert.deepEqual(d.topArgv('abc'), ['podman', 'top', 'abc', ...TOP_DESCRIPTORS]);
  assert.deepEqual([...TOP_DESCRIPTORS], ['pid', 'hpid', 'comm', 'args']);
  const r = d.parseTop(RUNC, undefined as never);
  assert.equal(r.hostPids, true);
  assert.equal(r.processes.length, 4);
});
