import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Normalizer, normalizerFor, pidsIn } from '../../src/report/normalize.js';
import { FAILED, FAILED_B, type Replayed } from '../fixtures/results/replayed.js';

const ID1 = 'a'.repeat(8) + '0123456789abcdef'.repeat(3) + 'b'.repeat(8);
const ID2 = 'c'.repeat(64);

void describe('Normalizer', () => {
  void it('names container ids by the step that started them, others in order of first appearance, full ids and 12-char prefixes alike', () => {
    const n = new Normalizer({ containerIds: [ID2] });
    const out = n.text(`started ${ID1}\nthen ${ID2.slice(0, 12)} and ${ID1.slice(0, 12)} again ${ID1}`);
    assert.equal(out, 'started <id:1>\nthen <id:2> and <id:1> again <id:1>');
    // the mapping is shared across calls
    assert.equal(n.text(`(owned by sbx ${ID2.slice(0, 12)})`), '(owned by sbx <id:2>)');
    const named = new Normalizer({ containerSteps: [[ID1, 'proc'], [ID2, 'sbx']] });
    assert.equal(named.text(`${ID2.slice(0, 12)} ${ID1}`), '<id:sbx> <id:proc>');
  });

  void it('leaves hex that is no known container alone, and image digests too', () => {
    const n = new Normalizer({ containerIds: [ID1] });
    assert.equal(n.text('commit deadbeefcafe0 and 0123456789ab'), 'commit deadbeefcafe0 and 0123456789ab');
    assert.equal(n.text(`sha256:${ID1}`), `sha256:${ID1}`);
  });

  void it('replaces PIDs in process tables, after the word PID, and known PIDs elsewhere', () => {
    const n = new Normalizer({ pids: [7766] });
    const table = 'UID   PID   PPID  C STIME TTY TIME     CMD\nroot  7766  7747  0 01:10 ?   00:00:00 ping 127.0.0.1';
    assert.equal(n.text(table), 'UID   PID        PPID       C      STIME   TTY  TIME    CMD\nroot  <pid:0.1>  <pid:0.2>  <cpu>  <time>  ?    <time>  ping 127.0.0.1');
    // runsc ps shows TIME as a duration (0s, 10ms): a table's time cells are times whatever their format
    assert.equal(n.text('UID  PID  PPID  C  TTY  STIME  TIME  CMD\n0    1    0     3  ?    01:10  0s    ping'), 'UID  PID  PPID  C      TTY  STIME   TIME    CMD\n0    1    0     <cpu>  ?    <time>  <time>  ping');
    assert.equal(n.text('found PID 7766 ping 127.0.0.1; PIDs 8020, 8031'), 'found PID <pid:0.1> ping 127.0.0.1; PIDs <pid:0.3>, <pid:0.4>');
    assert.equal(n.text('cat /proc/7766/status'), 'cat /proc/<pid:0.1>/status');
    // counts, addresses and small numbers outside PID contexts are not PIDs
    assert.equal(n.text('count 2 of 9, ping 127.0.0.1, port 8080'), 'count 2 of 9, ping 127.0.0.1, port 8080');
  });

  void it('lays out a table the same whatever the widths of the values it replaced', () => {
    const a = 'UID       PID       PPID      C         TTY       STIME     TIME      CMD\n0         1         0         3         ?         01:10     0s        ping\n0         31        1         12        ?         01:10     10ms      sleep 300';
    const b = 'UID       PID       PPID      C         TTY       STIME     TIME      CMD\n0         1         0         10        ?         23:59     110ms     ping\n0         7         1         2         ?         23:59     0s        sleep 300';
    assert.equal(new Normalizer().text(a), new Normalizer().text(b));
    assert.match(new Normalizer().text(a), /\n0 +<pid:0\.1> +1 +<cpu> +\? +<time> +<time> +sleep 300$/);
  });

  void it('keeps PIDs 0 and 1, which never change', () => {
    const n = new Normalizer();
    assert.equal(n.text('PID   USER     COMMAND\n    1 0        ping 127.0.0.1\n   14 0        ps'), 'PID        USER  COMMAND\n1          0     ping 127.0.0.1\n<pid:0.1>  0     ps');
  });

  void it('replaces timestamps, measured durations and the run id', () => {
    const n = new Normalizer({ runId: 'm3x9k2ab7q' });
    assert.equal(n.text('at 2025-01-15T10:21:05.120Z, took 1.02s and 48ms; ping time=0.045 ms'), 'at <time>, took <duration> and <duration>; ping time=<duration>');
    assert.equal(n.text('eventually 5s, for 1s'), 'eventually 5s, for 1s');
    assert.equal(n.text('--name=isocheck-m3x9k2ab7q-0-proc'), '--name=isocheck-<run-id>-0-proc');
    assert.equal(new Normalizer({ runId: 'none' }).text('found none'), 'found none');
  });

  void it('names PIDs by namespace and numbers them within their step: an extra process shifts only its own step', () => {
    const run = (extra: boolean): string[] => {
      const n = new Normalizer();
      n.at('2', 'host');
      const a = n.text(`PID   PPID  CMD\n4100  4000  sleep${extra ? '\n4150  4000  sh' : ''}`);
      n.at('3', 'inner');
      const b = n.text('PID 14 then PID 15');
      n.at('4', 'host');
      return [a, b, n.text('found PID 4200 and PID 4100')];
    };
    const [a, b, c] = run(false);
    assert.equal(a, 'PID             PPID            CMD\n<host-pid:2.1>  <host-pid:2.2>  sleep');
    assert.equal(b, 'PID <inner-pid:3.1> then PID <inner-pid:3.2>');
    assert.equal(c, 'found PID <host-pid:4.1> and PID <host-pid:2.1>');
    const more = run(true);
    assert.notEqual(more[0], a);
    assert.deepEqual(more.slice(1), [b, c], 'later steps keep their placeholders');
    // The same number in two namespaces is two processes
    const n = new Normalizer();
    n.at('1', 'host');
    assert.equal(n.text('PID 14'), 'PID <host-pid:1.1>');
    n.at('2', 'inner');
    assert.equal(n.text('PID 14'), 'PID <inner-pid:2.1>');
  });

  void it('keeps a table\'s columns when a cell holds spaces, and makes every time cell a time (Dec01 too)', () => {
    const host = `PID   PPID  NAME  CONTAINER          COMMAND\n4242  4200  ping  proc ${ID1.slice(0, 12)}  ping 127.0.0.1`;
    const n = new Normalizer({ containerSteps: [[ID1, 'proc']] });
    n.at('3', 'host');
    assert.equal(n.text(host), 'PID             PPID            NAME  CONTAINER       COMMAND\n<host-pid:3.1>  <host-pid:3.2>  ping  proc <id:proc>  ping 127.0.0.1');
    assert.equal(n.text('UID   PID  PPID  C  STIME  TTY  TIME      CMD\nroot  1    0     0  Dec01  ?    00:00:00  /init'), 'UID   PID  PPID  C      STIME   TTY  TIME    CMD\nroot  1    0     <cpu>  <time>  ?    <time>  /init');
  });

  void it('normalizes captured PIDs by name', () => {
    const n = new Normalizer({ namedPids: [{ pid: '7766', name: 'procPid', kind: 'host' }] });
    assert.equal(n.capture('procPid', '7766'), '<pid:procPid>');
    assert.equal(n.capture('pids', '7766 8020'), '<pid:procPid> <pid:0.1>');
    assert.equal(n.capture('count', '3'), '3');
    assert.equal(new Normalizer().capture('count', '7766'), '7766');
  });
});

void describe('normalizerFor', () => {
  void it('knows the run id, the containers and the PIDs the steps found', () => {
    const r = FAILED.result;
    const w = FAILED.world;
    assert.deepEqual(pidsIn('PID     PPID    USER\n2735    9120    root\n\nfound PID 42'), ['2735', '9120', '42']);
    const n = normalizerFor(r);
    // a PID only known from the results is replaced in free text, before any table showed it
    assert.equal(n.text(`kill ${w.leakedPing}`), 'kill <pid:0.1>');
    assert.equal(n.text(`${w.runc.slice(0, 12)} ${r.runId}`), '<id:proc> <run-id>');
  });

  void it('maps two runs that differ only in volatile values to the same text', () => {
    const a = normalizerFor(FAILED.result);
    const b = normalizerFor(FAILED_B.result);
    const texts = (v: Replayed): string[] => v.result.scenarios.flatMap((s) => s.steps.flatMap((st) => [st.output, ...st.expectations.map((e) => e.message)]));
    assert.deepEqual(texts(FAILED).map((t) => a.text(t)), texts(FAILED_B).map((t) => b.text(t)));
    assert.notDeepEqual(texts(FAILED), texts(FAILED_B));
  });
});
