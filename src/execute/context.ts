// What a scenario and its steps share while they run. Created per scenario by execute/scenario.ts.
import type { HostQuery } from '../host/query.js';
import type { ProcessInfo } from '../model/process.js';
import type { DetectedEngine, HostProbe } from '../engine/types.js';
import type { HostFacts } from '../plan/requirements.js';
import type { Scenario } from '../types.js';
import type { RunEventListener, ScenarioRef } from './events.js';
import type { CommandRecord, ContainerRecord } from './results.js';
import type { Spawn, SpawnResult } from './spawn.js';

export interface RunOptions {
  spawn: Spawn;
  /** The target's engine: its facts, where it runs and the driver that speaks to it. */
  engine: DetectedEngine;
  /** The host's process table where the engine runs; default: this machine's (host/probes.ts). */
  probe?: HostProbe;
  host: HostFacts;
  runId: string;
  /** Aborted on SIGINT/SIGTERM: no new step starts, in-flight commands are killed. */
  signal: AbortSignal;
  /** --timeout: overrides every step's timeout. */
  stepTimeoutMs?: number;
  /** --var overrides. */
  vars: Record<string, string>;
  emit: RunEventListener;
  /** --pull-timeout: each image pull of the pull phase (execute/pull.ts); default 30 min. */
  pullTimeoutMs?: number;
  /** Images the pull phase made present: their run steps get --pull=never. */
  pulled?: ReadonlySet<string>;
  /** --strict: a known deviation (knownDeviation whose expectations failed) is a failure. */
  strict?: boolean;
  /** Poll interval bounds for eventually/for, in ms. */
  pollMinMs?: number;
  pollMaxMs?: number;
  /** The Linux host's process table; default: this machine's /proc (queryLinuxProcesses). Tests replay a recorded one. */
  hostProcesses?: (q: HostQuery) => ProcessInfo[];
}

export interface ScenarioContext {
  opts: RunOptions;
  file: string;
  index: number;
  scenario: Scenario;
  ref: ScenarioRef;
  /** vars, captures and `<run step id>.id` / `.name` / `.pid`. */
  values: Map<string, string>;
  containers: Map<string, ContainerRecord>;
  /** Selection count of each top/host-processes step, for countChange. */
  counts: Map<string, number>;
}

/** What one look at a step's subject found. Polling (eventually/for) takes new observations. */
export interface Observation {
  stdout: string;
  stderr: string;
  exitCode?: number | null;
  /** What a user would see (command output, or the process table). */
  output: string;
  /** The selected processes (top, host-processes). */
  processes?: ProcessInfo[];
  view?: string;
  notes: string[];
  container?: ContainerRecord;
}

export interface StepRun {
  scenario: ScenarioContext;
  index: number;
  stepId: string;
  signal: AbortSignal;
  /** Epoch ms when the step times out. */
  deadline: number;
  /** Interpolate a scenario string with the values known now. */
  value(text: string): string;
  /** Run a command through the spawn seam, bounded by the step's deadline, and record it. */
  exec(argv: string[], purpose?: string, opts?: { abortable?: boolean }): Promise<SpawnResult>;
  commands: CommandRecord[];
}

export function shortId(id: string): string {
  return id.slice(0, 12);
}
