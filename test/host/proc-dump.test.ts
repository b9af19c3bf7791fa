// The probe container's /proc dump: parsing a real recorded dump (test/fixtures/recorded/README.md,
// probe-proc-dump.txt), the matching rules (the same as linux-proc.ts), and the framing that a
// process's own text (command line, comm, exe path) must not be able to forge.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/cli.js';
import { parseProcDump, procDumpCommand, ProcDumpError, recordMatches, recordToProcess, PROC_DUMP_SCRIPT } from '../../src/host/proc-dump.js';
import { compileRegex } from '../../src/format/regex.js';

const DUMP = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'recorded', 'probe-proc-dump.txt'), 'utf8');
const PING_CTR = 'd86c8de553fd8081a63da6ea5f71dd31248c0d1891c51c32b03aa6bffa9b80ce';
const SBX_CTR = 'bc9bfe99b8143a96a6f591e4ab6e9d1ac9b2430bb6ad3f4293e9ad8619d7ec3d';

function matching(q: Parameters<typeof recordMatches>[0], text = DUMP): number[] {
  const { records } = parseProcDump(text);
  return records.filter((r) => recordMatches(q, r)).map((r) => r.pid);
}

test('a real dump parses into records with stat, owner, exe and argv', () => {
  const { records } = parseProcDump(DUMP);
  assert.equal(records.length, 10);
  const ping = records.find((r) => r.comm === 'ping');
  assert.ok(ping);
  assert.deepEqual(ping.argv, ['ping', '127.0.0.1']);
  assert.equal(ping.exe, '/bin/busybox');
  assert.equal(ping.euid, 0);
  const p = recordToProcess(ping, new Map([[0, 'root']]));
  assert.equal(p.container, PING_CTR);
  assert.equal(p.user, 'root');
  assert.equal(p.cmdline, 'ping 127.0.0.1');
  // A kernel thread: no exe, no argv; shown as [comm] like linux-proc.ts does.
  const k = records.find((r) => r.comm?.startsWith('kworker'));
  assert.ok(k);
  assert.equal(k.exe, undefined);
  assert.match(recordToProcess(k, new Map()).cmdline, /^\[kworker/);
  assert.equal(recordToProcess(k, new Map()).extra?.kind, 'kernel-thread');
});

test('names match exactly by comm, exe basename or argv[0], as on the local /proc', () => {
  assert.equal(matching({ name: 'ping' }).length, 1);
  // runsc's processes: comm "exe", exe /usr/bin/runsc, argv[0] runsc-sandbox / runsc-gofer.
  assert.ok(matching({ name: 'runsc-sandbox' }).length >= 1);
  assert.ok(matching({ name: 'runsc' }).length >= 2);
  assert.deepEqual(matching({ name: 'pin' }), []);
  assert.deepEqual(matching({ name: 'PING' }), []);
});

test('container ownership comes from the cgroup text; pid and pattern narrow', () => {
  const [pid] = matching({ name: 'ping', container: PING_CTR });
  assert.ok(pid !== undefined);
  assert.deepEqual(matching({ name: 'ping', container: SBX_CTR }), [], 'the runc ping is not the sandbox container\'s');
  assert.deepEqual(matching({ pid }), [pid]);
  assert.deepEqual(matching({ pattern: compileRegex('^ping 127\\.0\\.0\\.1$') }), [pid]);
  assert.deepEqual(matching({ pid, name: 'dockerd' }), []);
});

test('a cut-off dump is an error, never a shorter table', () => {
  const cut = DUMP.slice(0, DUMP.indexOf('\nEND'));
  assert.throws(() => parseProcDump(cut), ProcDumpError);
});

test('a process cannot forge records through its command line, comm or exe', () => {
  // What the script prints for a process whose argv holds a newline and a fake record: od hex.
  const argv = Buffer.from('evil\0\nP 4242\nS 4242 (ping) S 1 0\nE /bin/ping\n\0', 'utf8');
  const hex = [...argv].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  const text = `P 77\nS 77 (evil) S 1 77 77 0 -1 4194560 0\nG 0::/\nE /tmp/evil\nC\n ${hex}\nEND\n`;
  const { records } = parseProcDump(text);
  assert.deepEqual(records.map((r) => r.pid), [77]);
  assert.equal(records[0]?.argv[0], 'evil');
  assert.deepEqual(matching({ name: 'ping' }, text), []);
  // comm with a newline: `read` cuts the stat line there; the rest never becomes a line of its own.
  const cutStat = 'P 78\nS 78 (pi\nC\n 70 69 6e 67 00\nEND\n';
  assert.deepEqual(parseProcDump(cutStat).records.map((r) => [r.pid, r.comm]), [[78, undefined]]);
  // The script drops an exe path with a newline, and has no other way to print one.
  assert.match(PROC_DUMP_SCRIPT, /case "\$e" in \*"\n"\*\) ;;/);
});

test('the script is constant: a query adds only a PID (or "") and whether to dump user names', () => {
  assert.deepEqual(procDumpCommand({}).slice(0, 2), ['sh', '-c']);
  assert.deepEqual(procDumpCommand({}).slice(2), [PROC_DUMP_SCRIPT, 'isocheck-probe', '']);
  assert.deepEqual(procDumpCommand({ pid: 42 }, true).slice(2), [PROC_DUMP_SCRIPT, 'isocheck-probe', '42', 'users']);
});
