// Signals and environment failures for `isocheck run`.
import type { LoadedScenario } from '../../validate/index.js';
import { REPORT_VERSION, type EnvironmentFingerprint, type RunResult } from '../../execute/results.js';
import type { CliIO } from '../io.js';

/** Turn SIGINT/SIGTERM into an abort: the runner stops starting steps and cleans up. */
export function interruptOn(signals: NodeJS.Signals[], io: CliIO): { signal: AbortSignal; signalName(): string | undefined; dispose(): void } {
  const c = new AbortController();
  let name: string | undefined;
  let count = 0;
  const on = (sig: NodeJS.Signals): void => {
    count++;
    if (count === 1) {
      name = sig;
      io.stderr.write(`\nisocheck: ${sig}: stopping, killing running commands and removing this run's containers...\n`);
      c.abort(sig);
    } else if (count === 2) {
      io.stderr.write(`isocheck: ${sig} again: still removing containers; a third signal exits now (then run "isocheck clean")\n`);
    } else {
      process.exit(sig === 'SIGTERM' ? 143 : 130);
    }
  };
  // After the run, a late signal (the process is already finishing) is let pass quietly: removing
  // every listener would let its default action kill the process and lose the exit code.
  const late = (): void => undefined;
  for (const s of signals) process.on(s, on);
  return {
    signal: c.signal,
    signalName: () => name,
    dispose: () => {
      for (const s of signals) {
        process.off(s, on);
        process.once(s, late);
      }
    },
  };
}

export function environmentFailure(e: unknown, env: EnvironmentFingerprint, selected: readonly LoadedScenario[]): RunResult {
  const now = new Date().toISOString();
  const why = (e as Error).message;
  return {
    reportVersion: REPORT_VERSION, runId: 'none', startedAt: now, durationMs: 0, status: 'environment-error', environment: env,
    scenarios: selected.map((s) => ({
      file: s.file, name: s.scenario.name, description: s.scenario.description, ...(s.scenario.source ? { source: s.scenario.source } : {}),
      tags: s.scenario.tags ?? [], status: 'error', skipReason: `not run: ${why}`, startedAt: now, durationMs: 0, steps: [], containers: [], cleanup: { removed: [], errors: [] },
    })),
    totals: { passed: 0, failed: selected.length, skipped: 0 },
  };
}
