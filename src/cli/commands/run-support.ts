// Signals and environment failures for `isocheck run`.
import { ExitCode, UsageError } from '../../errors.js';
import type { LoadedScenario } from '../../validate/index.js';
import { REPORT_VERSION, unstartedScenario, type EnvironmentFingerprint, type RunResult } from '../../execute/results.js';
import type { CliIO } from '../io.js';

/** The signals `run` turns into an interrupt; SIGHUP is a dropped terminal or SSH session. */
export const INTERRUPT_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** 128 + the signal's number, as a shell reports a process that signal ended. */
export function signalExitCode(sig: string | undefined): number {
  return sig === 'SIGTERM' ? ExitCode.sigterm : sig === 'SIGHUP' ? ExitCode.sighup : ExitCode.sigint;
}

/** Turn SIGINT/SIGTERM/SIGHUP into an abort: the runner stops starting steps and cleans up. */
export function interruptOn(signals: NodeJS.Signals[], io: CliIO): { signal: AbortSignal; signalName(): string | undefined; dispose(): void } {
  const c = new AbortController();
  let name: string | undefined;
  let count = 0;
  const on = (sig: NodeJS.Signals): void => {
    count++;
    // After a hangup the terminal is gone: writing to it fails (EIO), which must not end the cleanup.
    if (sig === 'SIGHUP') for (const s of [io.stdout, io.stderr]) s.on('error', () => undefined);
    if (count === 1) {
      name = sig;
      io.stderr.write(`\nisocheck: ${sig}: stopping, killing running commands and removing this run's containers...\n`);
      c.abort(sig);
    } else if (count === 2) {
      io.stderr.write(`isocheck: ${sig} again: still removing containers; a third signal exits now (then run "isocheck clean")\n`);
    } else {
      process.exit(signalExitCode(sig));
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
  return notRun(selected, env, 'environment-error', `not run: ${(e as Error).message}`, 'error');
}

/** A signal came before anything was started (during validation or engine detection). */
export function interruptedBeforeStart(sig: string | undefined, env: EnvironmentFingerprint, selected: readonly LoadedScenario[]): RunResult {
  return { ...notRun(selected, env, 'interrupted', 'interrupted before it started', 'interrupted'), interruptedBy: sig ?? 'signal' };
}

function notRun(selected: readonly LoadedScenario[], env: EnvironmentFingerprint, status: RunResult['status'], why: string, each: 'error' | 'interrupted'): RunResult {
  const now = new Date().toISOString();
  return {
    reportVersion: REPORT_VERSION, runId: 'none', startedAt: now, durationMs: 0, status, environment: env,
    scenarios: selected.map((s) => unstartedScenario(s.file, s.scenario, each, why, now)),
    totals: { passed: 0, failed: selected.length, skipped: 0, deviations: 0 },
  };
}

/** The host probe container's image: --probe-image, else ISOCHECK_PROBE_IMAGE, else the default. */
export function probeImage(opts: { probeImage?: string }, env: NodeJS.ProcessEnv): { probeImage?: string } {
  const image = opts.probeImage?.trim() || env.ISOCHECK_PROBE_IMAGE?.trim();
  if (image?.startsWith('-')) throw new UsageError('bad-probe-image', `--probe-image ${JSON.stringify(image)} would be read as an option by the engine`);
  return image ? { probeImage: image } : {};
}
