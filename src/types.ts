// The scenario format as TypeScript types. schema/scenario.schema.json is the source of truth;
// test/types.test.ts keeps these in step with it (every schema property exists here and back).

/** "500ms", "3s", "1.5m" or a number of seconds. */
export type Duration = string | number;

export type IsolationMode = 'process' | 'hyperv' | 'sandbox' | 'default';
export type HostOs = 'linux' | 'windows';

export interface Source {
  url: string;
  title?: string;
  section?: string;
  note?: string;
  /** The page's sentence this scenario checks, quoted exactly. */
  quote?: string;
}

/** The sentence of the page a step checks; a string links to source.url with a text fragment. */
export type Claim = string | { text: string; url?: string };

/** After a failed step: stop (default), or continue with the steps that do not depend on it. */
export type OnFailure = 'stop' | 'continue';

export interface Requirements {
  host?: HostOs;
  engine?: HostOs;
  isolation?: IsolationMode[];
  runtimes?: string[];
  root?: boolean;
  /** Command steps look at this machine: skipped where the engine runs elsewhere. */
  localEngine?: boolean;
}

/** Which processes a `top` or `host-processes` step looks at. All given fields must match. */
export interface ProcessMatch {
  /** Exact name: Linux comm, exe basename or argv[0] basename; Windows ProcessName (no .exe, any case). */
  name?: string;
  /** Exact PID; a string so it can hold `${captured}` values. */
  pid?: string | number;
  /** Regular expression over the full command line (opt-in pattern match). */
  pattern?: string;
  /** Only processes owned by the container started by this `run` step. */
  container?: string;
}

export interface CountBounds {
  equals?: number;
  atLeast?: number;
  atMost?: number;
}

export interface CountChange extends CountBounds {
  /** Id of an earlier step of the same kind whose selection count is the baseline. */
  since: string;
}

export interface TextMatch {
  contains?: string;
  notContains?: string;
  matches?: string;
  /** No part of the text matches this RE2 regular expression. */
  notMatches?: string;
  /** Lines pasted from a page: `[..]` is any text within a line, a `...` line any number of lines. */
  block?: string;
}

/** An exit code: exactly N, any but N, or one of a list. */
export type ExitCodeMatch = number | { not: number } | { in: number[] };

interface ExpectationTiming {
  /** Poll until true, at most this long. */
  eventually?: Duration;
  /** Must stay true for this long (sampled). */
  for?: Duration;
  /** A human description shown in reports. */
  because?: string;
}

export type Expectation =
  | (ExpectationTiming & { present: boolean })
  | (ExpectationTiming & { count: number | CountBounds })
  | (ExpectationTiming & { countChange: CountChange })
  | (ExpectationTiming & { pid: string | number })
  | (ExpectationTiming & { ownedBy: string })
  | (ExpectationTiming & { output: TextMatch })
  | (ExpectationTiming & { stderr: TextMatch })
  | (ExpectationTiming & { exitCode: ExitCodeMatch });

/** The assertion keys, one per expectation. */
export type ExpectationKey = 'present' | 'count' | 'countChange' | 'pid' | 'ownedBy' | 'output' | 'stderr' | 'exitCode';

export type CaptureField = 'id' | 'name' | 'pid' | 'pids' | 'count' | 'stdout' | 'exitCode';

export interface CaptureRegex {
  regex: string;
  group?: number;
  from?: 'stdout' | 'stderr';
}

export type Capture = CaptureField | CaptureRegex;

interface StepBase {
  id?: string;
  title?: string;
  timeout?: Duration;
  expect?: Expectation[];
  capture?: Record<string, Capture>;
  /** The page's sentence this step checks. */
  claim?: Claim;
  /** Why the expectations are known to fail here (xfail): a failure becomes a known deviation. */
  knownDeviation?: string;
}

/** When a run step's image is pulled (in the run-wide pull phase, before any scenario starts). */
export type PullPolicy = 'missing' | 'always' | 'never';

export interface RunStep extends StepBase {
  kind: 'run';
  image: string;
  command?: string[];
  isolation?: IsolationMode;
  pull?: PullPolicy;
  runtime?: string;
  env?: Record<string, string>;
  // Run options (issue 10): mapped to engine flags by the engine driver (engine/types.ts ContainerOptions).
  /** "host" or "container:<run step id>". */
  pid?: string;
  network?: string;
  user?: string;
  readOnly?: boolean;
  capAdd?: string[];
  capDrop?: string[];
  pidsLimit?: number;
  memory?: string;
  cpus?: number | string;
  securityOpt?: string[];
  userns?: string;
  tmpfs?: string[];
  workdir?: string;
  hostname?: string;
  privileged?: boolean;
}

export interface TopStep extends StepBase {
  kind: 'top';
  container: string;
  match?: ProcessMatch;
  view?: 'auto' | 'engine' | 'runtime';
}

export interface HostProcessesStep extends StepBase {
  kind: 'host-processes';
  match?: ProcessMatch;
  /** Which processes reports list: the matched ones (default) or the whole host table. */
  show?: HostShow;
}

export type HostShow = 'matched' | 'all';

export interface ExecStep extends StepBase {
  kind: 'exec';
  container: string;
  command: string[];
}

export interface CommandStep extends StepBase {
  kind: 'command';
  command: string[];
}

export interface RemoveStep extends StepBase {
  kind: 'remove';
  container: string;
}

export type Step = RunStep | TopStep | HostProcessesStep | ExecStep | CommandStep | RemoveStep;
export type StepKind = Step['kind'];
export type StepOf<K extends StepKind> = Extract<Step, { kind: K }>;

export const STEP_KINDS = ['run', 'top', 'host-processes', 'exec', 'command', 'remove'] as const satisfies readonly StepKind[];

/** A variable chosen from an engine fact: `from` (e.g. "${engine.windowsBuild}") is looked up in `map`. */
export interface MappedVar {
  from: string;
  map: Record<string, string>;
}

export type VarValue = string | MappedVar;

export interface Scenario {
  $schema?: string;
  name: string;
  description: string;
  source?: Source;
  tags?: string[];
  requires?: Requirements;
  vars?: Record<string, VarValue>;
  timeout?: Duration;
  stepTimeout?: Duration;
  onFailure?: OnFailure;
  /** Secrets replaced in every report: RE2 regexes, each match shown as [REDACTED] or as `as`. */
  redact?: RedactRule[];
  steps: Step[];
}

export type RedactRule = string | { pattern: string; as?: string };
