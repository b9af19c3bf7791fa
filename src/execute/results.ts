// What a run produces. Reporters (report/) render these; the JSON report is this shape, versioned.
import type { EngineFacts } from '../engine/types.js';
import type { ContainerRecord } from '../model/container.js';
import type { EnvironmentFingerprint } from '../model/environment.js';
import type { ExpectationKey, Scenario, Source, StepKind } from '../types.js';

export const REPORT_VERSION = 1;

export interface CommandRecord {
  argv: string[];
  exitCode: number | null;
  stdout: string;
  stderr: string;
  startedAt: string;
  durationMs: number;
  timedOut: boolean;
  /** Why the command was run, when it is not the step's main command (e.g. "view check"). */
  purpose?: string;
  /**
   * Set on the latest record of a command that ran more than once (polling): how many runs this
   * record stands for; only the latest one's output is kept (the first run has its own record).
   */
  runs?: number;
  /** Set when stdout/stderr were longer than isocheck keeps: how long they were (isocheck's limit, not a failure). */
  truncated?: { stdout?: number; stderr?: number };
}

export interface ExpectationResult {
  index: number;
  key: ExpectationKey;
  /** e.g. "no process named ping owned by container sbx, for 1s". */
  description: string;
  passed: boolean;
  /** What was expected and what was found, in words; filled for failures and passes alike. */
  expected: string;
  found: string;
  /** One line: for failures `expected …; found …`. */
  message: string;
  because?: string;
  /** A page-block matcher's block as compared (`output: { block }`): Markdown shows it beside the output. */
  page?: string;
  attempts: number;
  durationMs: number;
}

/** `deviation`: a step marked knownDeviation whose expectations failed, as the marker says they do (not a failure). */
export type StepStatus = 'passed' | 'failed' | 'error' | 'skipped' | 'deviation';

/**
 * What became of a step marked `knownDeviation`: `deviation` (its expectations failed, as known),
 * `unexpected-pass` (they passed: a failure, the marker should go) or `strict` (they failed and
 * --strict made that a failure).
 */
export type DeviationOutcome = 'deviation' | 'unexpected-pass' | 'strict';

export interface StepResult {
  index: number;
  id?: string;
  kind: StepKind;
  title: string;
  status: StepStatus;
  startedAt: string;
  durationMs: number;
  commands: CommandRecord[];
  /** What a user would see for this step (command output, or the process table as shown). */
  output: string;
  /** Which view of processes was used, for top/host-processes (e.g. "runtime (runsc ps)"). */
  view?: string;
  notes: string[];
  expectations: ExpectationResult[];
  captures: Record<string, string>;
  error?: { code: string; message: string };
  /** The page's sentence the step checks (claim:) and the link to it. */
  claim?: { text: string; url?: string };
  /** Set for a step marked knownDeviation once judged: the author's reason and what happened. */
  knownDeviation?: { reason: string; outcome: DeviationOutcome };
}

export type ScenarioStatus = 'passed' | 'failed' | 'error' | 'skipped' | 'interrupted';


export interface ScenarioResult {
  file: string;
  name: string;
  description: string;
  source?: Source;
  tags: string[];
  status: ScenarioStatus;
  skipReason?: string;
  startedAt: string;
  durationMs: number;
  steps: StepResult[];
  containers: ContainerRecord[];
  cleanup: { removed: string[]; errors: string[] };
  /** Set when isocheck itself failed on this scenario (a bug, code `internal`); the other scenarios still ran. */
  error?: { code: string; message: string };
}

export type { EngineFacts };
export type { ContainerRecord, EnvironmentFingerprint };


export type RunStatus = 'passed' | 'failed' | 'interrupted' | 'environment-error' | 'invalid';

export interface RunResult {
  reportVersion: typeof REPORT_VERSION;
  runId: string;
  startedAt: string;
  durationMs: number;
  status: RunStatus;
  /** Set when interrupted: the signal. */
  interruptedBy?: string;
  environment: EnvironmentFingerprint;
  scenarios: ScenarioResult[];
  /** Scenario counts; `deviations` counts steps that were known deviations (status deviation). */
  totals: { passed: number; failed: number; skipped: number; deviations?: number };
}

/**
 * A scenario that never started (interrupted first, its image could not be pulled, no engine):
 * no steps ran, nothing to clean; `skipReason` says why.
 */
export function unstartedScenario(file: string, s: Scenario, status: ScenarioStatus, skipReason: string, startedAt = new Date().toISOString()): ScenarioResult {
  return {
    file, name: s.name, description: s.description, ...(s.source ? { source: s.source } : {}), tags: s.tags ?? [],
    status, skipReason, startedAt, durationMs: 0, steps: [], containers: [], cleanup: { removed: [], errors: [] },
  };
}
