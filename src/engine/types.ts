// The engine layer's contracts. An engine driver knows one container engine's CLI (Docker, Podman;
// Kubernetes later): how to detect it, map an isolation mode, build each command's argv, and read
// its answers. A host probe answers "which processes does the engine's host run". Nothing above this
// layer builds an engine argv or parses an engine's output. Names here avoid any one engine's verbs
// (no "docker", no "pod"): a Kubernetes driver is an addition, not a rewrite (docs/engines.md).
import type { HostQuery } from '../host/query.js';
import type { ProcessInfo } from '../model/process.js';
import type { IsolationMode } from '../types.js';
import type { Spawn, SpawnResult } from '../model/spawn.js';

export type EngineKind = 'docker' | 'podman';

/** Where scenarios run: one engine, named. The local default is `{ name: 'local', kind: 'docker' }`. */
export interface EngineTarget {
  /** Shown in reports and the fleet matrix: "local", a context name, a fleet target's name. */
  name: string;
  kind: EngineKind;
  /** A docker context (`docker --context NAME`); Podman: a connection (`podman --connection NAME`). */
  context?: string;
  /** An endpoint URL (`docker --host URL`, `podman --url URL`): unix://, tcp://, ssh://, npipe://. */
  host?: string;
  /** Fleet tags (`--tag` on targets is not a thing; tags are for reports and selection). */
  tags?: string[];
}

/** Whether the engine's containers run on this machine (decides how the host is looked at). */
export type Locality =
  | { local: true; endpoint: string; why: string }
  | { local: false; endpoint: string; why: string };

export interface EngineFacts {
  /** Set by the driver that detected it (older reports lack it: docker). */
  kind?: EngineKind;
  version: string;
  apiVersion?: string;
  osType: 'linux' | 'windows' | string;
  operatingSystem?: string;
  kernelVersion?: string;
  runtimes: string[];
  defaultRuntime?: string;
  /** Windows daemons: process or hyperv; Linux: empty. */
  defaultIsolation?: string;
  cgroupVersion?: string;
  cgroupDriver?: string;
  /** The endpoint the CLI talks to, as resolved (unix:///var/run/docker.sock, ssh://…). */
  endpoint?: string;
  /** The engine host's name as the engine reports it. */
  daemonHost?: string;
  /** Podman without root: what cannot work is skipped with this as the reason. */
  rootless?: boolean;
}

/** A detected engine: facts, the driver that speaks to it, and where it runs. */
export interface DetectedEngine {
  target: EngineTarget;
  facts: EngineFacts;
  /** Runtime name → binary path, as registered with the engine. */
  runtimePaths: Record<string, string>;
  /** The daemon's host name (docker info Name), to tell a local engine from one in a VM or remote. */
  daemonHost: string;
  locality: Locality;
  driver: EngineDriver;
}

export type IsolationMapping =
  | { ok: true; flags: string[]; runtime?: string; describe: string }
  | { ok: false; reason: string };

export interface LabeledContainer {
  id: string;
  name: string;
  labels: Record<string, string>;
}

/**
 * Options of a container beyond image and command, in the scenario format's words (issue 10's run
 * options; the host probe uses pid/userns/network/caps). The driver maps each to its CLI's flags, or
 * says it cannot (a skip with that reason, never a silent drop).
 */
export interface ContainerOptions {
  /** "host" or "container:<container id or name>". */
  pid?: string;
  /** "none", "host", "bridge" or a network name. */
  network?: string;
  user?: string;
  readOnly?: boolean;
  capAdd?: string[];
  capDrop?: string[];
  pidsLimit?: number;
  /** e.g. "64m". */
  memory?: string;
  /** e.g. "0.5". */
  cpus?: string;
  securityOpt?: string[];
  /** "host" or an engine-specific mode. */
  userns?: string;
  /** Mount points, optionally with options: "/run:rw,size=1m". */
  tmpfs?: string[];
  workdir?: string;
  hostname?: string;
  privileged?: boolean;
}

/** What a run step asks the engine to start (values already interpolated). */
export interface ContainerSpec {
  name: string;
  image: string;
  command: string[];
  labels: Record<string, string>;
  /** From the isolation mapping (e.g. --runtime=runsc). */
  isolationFlags: string[];
  env: Record<string, string>;
  /** The pull phase made the image present: do not pull again. */
  noPull: boolean;
  options?: ContainerOptions;
}

/** A container as the engine started it, for views that need more than the id. */
export interface ContainerRef {
  id: string;
  runtime?: string;
}

/**
 * One container engine's CLI. Every method that returns argv returns the whole argv, the CLI and its
 * target-selecting global flags first; nothing is ever joined into a shell string.
 */
export interface EngineDriver {
  readonly kind: EngineKind;
  /** The CLI and the flags that select the target: ["docker", "--context", "b"]. */
  readonly cli: readonly string[];
  /** Where the engine runs, without asking it (endpoint resolution may read CLI config). */
  locality(spawn: Spawn, opts: { timeoutMs: number; signal?: AbortSignal }): Promise<Locality>;
  /** Ask the engine for its facts; throws EnvironmentError (engine-unreachable, docker-not-found…). */
  detect(spawn: Spawn, opts: { timeoutMs: number; signal?: AbortSignal }): Promise<DetectedEngine>;
  mapIsolation(mode: IsolationMode, runtime: string | undefined, engine: DetectedEngine): IsolationMapping;
  /** The argv that starts the container detached, or why this engine cannot honour an option. */
  runArgv(spec: ContainerSpec): { ok: true; argv: string[] } | { ok: false; reason: string };
  execArgv(containerId: string, command: readonly string[]): string[];
  /** The engine's own view of a container's processes, and how to read its output. */
  topArgv(containerId: string): string[];
  /** Rows of topArgv's output. `hostPids`: whether the pid column is the host's (Podman hpid) or may be the sandbox's. */
  parseTop(stdout: string, engine: DetectedEngine): { processes: ProcessInfo[]; hostPids: boolean };
  /** Candidate argvs for the runtime's own view (runsc ps with each state root this engine uses). */
  runtimeViewArgvs(c: ContainerRef, engine: DetectedEngine): string[][];
  removeArgv(ids: readonly string[]): string[];
  listByLabelArgv(label: string): string[];
  parseList(stdout: string): LabeledContainer[];
  /** The host PID of a container's main process. */
  inspectPidArgv(containerId: string): string[];
  imageInspectArgv(image: string): string[];
  pullArgv(image: string): string[];
  /** Whether an error text says the engine itself went away (not the step failing). */
  isEngineGone(text: string): boolean;
  /** Whether a /proc/<pid>/cgroup text places the process in this container. */
  cgroupOwns(cgroupText: string, containerId: string): boolean;
}

/**
 * The host's process table, where the engine's containers run. Local Linux: /proc; local Windows:
 * PowerShell; a remote engine: a short-lived probe container on that engine (one per target per run).
 */
export interface HostProbe {
  /** Shown as the step's view: "host (/proc)", "host (probe container on b)". */
  readonly view: string;
  /** `exec` runs a command bounded by the step's deadline and records it in the step's transcript. */
  query(q: HostQuery, run: ProbeRun): Promise<ProcessInfo[]>;
  /** Start what the probe needs ahead of the first query (a probe container), without waiting. */
  warm?(signal: AbortSignal): void;
  /** Remove what the probe started (its container); idempotent. */
  dispose(): Promise<void>;
}

/** What a probe query may use of the step asking: its recorded, deadline-bound command runner. */
export interface ProbeRun {
  exec(argv: string[], purpose: string): Promise<SpawnResult>;
  deadline: number;
  signal: AbortSignal;
}
