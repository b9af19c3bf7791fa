// Signals `run` handles and their exit codes (128 + signal number, as shells report them).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import { INTERRUPT_SIGNALS, interruptedBeforeStart, signalExitCode } from '../../../src/cli/commands/run-support.js';
import { fingerprint } from '../../../src/plan/engine.js';

void it('SIGINT, SIGTERM and SIGHUP (a dropped SSH session) interrupt a run; exit 128 + the signal number', () => {
  assert.deepEqual(INTERRUPT_SIGNALS, ['SIGINT', 'SIGTERM', 'SIGHUP']);
  for (const s of INTERRUPT_SIGNALS) assert.equal(signalExitCode(s), 128 + (os.constants.signals[s] as number), s);
});

void it('a signal before anything started gives an interrupted result naming it', () => {
  const r = interruptedBeforeStart('SIGHUP', fingerprint(null), []);
  assert.equal(r.status, 'interrupted');
  assert.equal(r.interruptedBy, 'SIGHUP');
  assert.deepEqual(r.scenarios, []);
});
