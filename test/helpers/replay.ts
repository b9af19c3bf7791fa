// The Linux replay seam: a Spawn that answers the docker CLI (and runsc, and host commands) with
// outputs RECORDED from the real engine on the project machine, and a host process table read
// from a recorded /proc tree. How and when each file was recorded, with which engine and runtime:
// test/fixtures/recorded/README.md, section "linux/replay/" (recorder:
// test/fixtures/recorded/linux/replay/record.mjs, which records through isocheck's own Spawn).
//
// Strict: an argv the test did not script is answered with an exception naming it AND recorded in
// `unexpected`, which replayRun() asserts empty — so every test also pins the exact commands the
// executor runs. Only the label values of `docker run` (run id, scenario file, pid, host) differ
// from the recorded command line: the reply (the container id) does not depend on them.
import { ownStartTime } from '../../src/model/process-start.js';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { RunEvent } from '../../src/execute/events.js';
import type { RunResult } from '../../src/execute/results.js';
import { runAll } from '../../src/execute/runner.js';
import type { Spawn, SpawnResult } from '../../src/execute/spawn.js';
import { queryLinuxProcesses, type HostQuery } from '../../src/host/linux-proc.js';
import type { ProcessInfo } from '../../src/model/process.js';
import { fingerprint, type DetectedEngine } from '../../src/plan/engine.js';
import { detectDocker, dockerDriver } from '../plan/engines.js';
import { planScenarios } from '../../src/plan/plan.js';
import type { HostFacts } from '../../src/plan/requirements.js';
import type { ScenarioInput } from '../../src/execute/scenario.js';
import { validateText } from '../../src/validate/index.js';
import { ROOT } from './cli.js';

export const REPLAY_DIR = path.join(ROOT, 'test', 'fixtures', 'recorded', 'linux', 'replay');
export const RUN_ID = 'replay1';
export const IMAGE = 'isocheck/busybox:local';
export const RUNSC_PS_ROOT = '/var/run/docker/runtime-runc/moby';

/** One recorded world (two were recorded, a and b: same commands, different ids, PIDs and times). */
export interface World {
  name: string;
  procRoot: string;
  /** A recorded SpawnResult (<world>/commands/<name>.json), as execaSpawn returned it on the real engine. */
  recorded(name: string): SpawnResult;
  /** runc container (step proc), gVisor container (step sbx), second runc container (step work). */
  runc: string;
  runsc: string;
  work: string;
  /** Host PIDs (proc/INDEX.tsv says what each is). */
  init: number;
  kthreadd: number;
  runcPing: number;
  hostPing: number;
  leakedPing: number;
  runscProcs: number[];
  /** The recorded engine's host name (docker info Name). */
  daemonHost: string;
  /** The host as recorded: every process except the ping moved into the gVisor container's cgroups. */
  host: number[];
}

const worlds = new Map<string, World>();

export function world(name = 'a'): World {
  const known = worlds.get(name);
  if (known) return known;
  const dir = path.join(REPLAY_DIR, name);
  const procRoot = path.join(dir, 'proc');
  const recorded = (n: string): SpawnResult => (JSON.parse(fs.readFileSync(path.join(dir, 'commands', `${n}.json`), 'utf8')) as { result: SpawnResult }).result;
  const index = fs.readFileSync(path.join(procRoot, 'INDEX.tsv'), 'utf8').split('\n').filter(Boolean).map((l) => {
    const [pid = '', why = ''] = l.split('\t');
    return { pid: Number(pid), why };
  });
  const where = (what: RegExp): number[] => index.filter((p) => what.test(p.why)).map((p) => p.pid);
  const one = (what: RegExp): number => {
    const [pid, ...more] = where(what);
    if (pid === undefined || more.length > 0) throw new Error(`${procRoot}/INDEX.tsv: expected one process ${what}`);
    return pid;
  };
  const w: World = {
    name, procRoot, recorded,
    runc: recorded('docker-run-runc').stdout.trim(),
    runsc: recorded('docker-run-runsc').stdout.trim(),
    work: recorded('docker-run-work').stdout.trim(),
    init: 1,
    kthreadd: 2,
    runcPing: one(/cgroup of the runc container/),
    hostPing: one(/^host ping 127\.0\.0\.1/),
    leakedPing: one(/moved into the cgroups/),
    runscProcs: where(/in the cgroup of the gVisor container/),
    daemonHost: (JSON.parse(recorded('docker-info').stdout) as { Name: string }).Name,
    host: [],
  };
  w.host = [w.init, w.kthreadd, w.hostPing, w.runcPing, ...w.runscProcs];
  worlds.set(name, w);
  return w;
}

/** World a, the one most tests use. */
export const REC = world('a');

/** A host /proc view: the world's recorded tree, limited to `pids` (a process not listed does not exist). */
export function hostView(pids: readonly number[], w: World = REC): (q: HostQuery) => ProcessInfo[] {
  const keep = new Set(pids);
  return (q) => queryLinuxProcesses(q, { procRoot: w.procRoot }).filter((p) => keep.has(p.pid));
}

/** A reply: one SpawnResult, or a sequence (each call takes the next; the last one repeats). */
export type Reply = SpawnResult | SpawnResult[];
export type Script = [argv: string[], reply: Reply][];

export interface Replay {
  spawn: Spawn;
  /** Every argv asked, in order. */
  calls: string[][];
  /** Argvs no rule answered. */
  unexpected: string[][];
}

/**
 * `anyRunId`: for the CLI, whose run id is random: the first `io.isocheck.run=<id>` seen fixes the
 * run's id, which is then read as RUN_ID in every argv (a second, different id is unexpected).
 */
export function replaySpawn(script: Script, o: { anyRunId?: boolean } = {}): Replay {
  const rules = new Map<string, { replies: SpawnResult[]; n: number }>();
  for (const [argv, reply] of script) rules.set(JSON.stringify(argv), { replies: Array.isArray(reply) ? reply : [reply], n: 0 });
  const calls: string[][] = [];
  const unexpected: string[][] = [];
  let runId: string | undefined;
  const canonical = (argv: string[]): string[] => {
    if (!o.anyRunId) return argv;
    runId ??= argv.map((a) => /io\.isocheck\.run=([0-9a-z]+)$/.exec(a)?.[1]).find((id) => id !== undefined);
    const id = runId;
    return id === undefined ? argv : argv.map((a) => a.replace(`isocheck-${id}-`, `isocheck-${RUN_ID}-`).replace(new RegExp(`io\\.isocheck\\.run=${id}$`), `io.isocheck.run=${RUN_ID}`));
  };
  const spawn: Spawn = (req) => {
    const argv = [...req.argv];
    calls.push(argv);
    const rule = rules.get(JSON.stringify(canonical(argv)));
    if (rule === undefined) {
      unexpected.push(argv);
      return Promise.reject(new Error(`replay: unexpected command ${JSON.stringify(argv)}`));
    }
    const r = rule.replies[Math.min(rule.n++, rule.replies.length - 1)] as SpawnResult;
    return Promise.resolve({ ...r, argv });
  };
  return { spawn, calls, unexpected };
}

/** The exact `docker run` argv of a run step (label values are this test run's). */
export function dockerRunArgv(o: { runId?: string; file: string; index?: number; step: string; flags?: string[]; hostname?: string; image?: string; command?: string[]; pulled?: boolean }): string[] {
  const runId = o.runId ?? RUN_ID;
  const image = o.image ?? IMAGE;
  return [
    'docker', 'run', '--detach', `--name=isocheck-${runId}-${o.index ?? 0}-${o.step}`,
    `--label=io.isocheck.run=${runId}`, `--label=io.isocheck.scenario=${o.file}`, `--label=io.isocheck.step=${o.step}`,
    `--label=io.isocheck.pid=${process.pid}`, `--label=io.isocheck.host=${o.hostname ?? REC.daemonHost}`,
    // The runner's start time (Linux): `clean` tells a reused PID from the runner by it.
    ...(ownStartTime() !== undefined ? [`--label=io.isocheck.started=${ownStartTime() ?? ''}`] : []),
    // The pull phase found the image present, so `docker run` may not pull (execute/pull.ts).
    ...(o.flags ?? []), ...((o.pulled ?? image === IMAGE) ? ['--pull=never'] : []), image, ...(o.command ?? ['ping', '127.0.0.1']),
  ];
}

/** The pull phase's commands (execute/pull.ts): is the image here, and does `docker run` take --pull. */
export const imageInspect = (image = IMAGE): string[] => ['docker', 'image', 'inspect', '--format', '{{.Id}}', image];
export const RUN_HELP = ['docker', 'run', '--help'];

export const INFO = ['docker', 'info', '--format', '{{json .}}'];
export const rm = (...ids: string[]): string[] => ['docker', 'rm', '--force', '--volumes', ...ids];
export const labelPs = (runId = RUN_ID): string[] => dockerDriver().listByLabelArgv(`io.isocheck.run=${runId}`);
export const runscPs = (id: string, root = RUNSC_PS_ROOT): string[] => ['/usr/bin/runsc', '--root', root, 'ps', id];

/**
 * The commands of a recorded world, for scenarios in `file` (its label is in `docker run`). Each
 * container's commands; `docker rm` of proc alone, of proc and sbx, of work alone.
 */
export function worldScript(file: string, o: { hostname?: string; world?: World } = {}): Script {
  const w = o.world ?? REC;
  const r = w.recorded;
  const h = { hostname: o.hostname ?? w.daemonHost };
  return [
    [INFO, r('docker-info')],
    [imageInspect(), r('docker-image-inspect')],
    [imageInspect('isocheck/missing:local'), r('docker-image-inspect-missing')],
    [['docker', 'pull', 'isocheck/missing:local'], r('docker-pull-missing')],
    [RUN_HELP, r('docker-run-help')],
    [dockerRunArgv({ file, step: 'proc', ...h }), r('docker-run-runc')],
    [dockerRunArgv({ file, step: 'sbx', flags: ['--runtime=runsc'], ...h }), r('docker-run-runsc')],
    [dockerRunArgv({ file, step: 'work', ...h }), r('docker-run-work')],
    [['docker', 'top', w.runc], r('docker-top-runc')],
    [['docker', 'top', w.runsc], r('docker-top-runsc')],
    [['docker', 'top', w.work], r('docker-top-work')],
    [runscPs(w.runsc), r('runsc-ps')],
    [['docker', 'exec', w.runc, 'ps'], r('docker-exec-runc-ps')],
    [['docker', 'exec', w.runsc, 'ps'], r('docker-exec-runsc-ps')],
    [['docker', 'exec', w.work, 'ps'], r('docker-exec-work-ps')],
    [['docker', 'exec', w.work, 'false'], r('docker-exec-work-false')],
    [['docker', 'exec', w.work, 'cat', '/etc/hostname'], r('docker-exec-work-hostname')],
    [rm(w.runc), r('docker-rm-runc')],
    [rm(w.runc, w.runsc), r('docker-rm')],
    [rm(w.work), r('docker-rm-work')],
  ];
}

/** Later rules replace earlier ones with the same argv. */
export function withRules(base: Script, ...more: Script): Script {
  const m = new Map(base.map(([a, r]) => [JSON.stringify(a), [a, r] as [string[], Reply]]));
  for (const [a, r] of more) m.set(JSON.stringify(a), [a, r]);
  return [...m.values()];
}

/** The host the tests claim to be: Linux, root, named like the recorded engine's host (so host-processes steps are not skipped). */
export const HOST: HostFacts = { os: 'linux', hostname: REC.daemonHost, root: true };

/** The engine as isocheck detects it from a world's recorded `docker info`. */
export async function recordedEngine(w: World = REC): Promise<DetectedEngine> {
  return detectDocker(replaySpawn([[INFO, w.recorded('docker-info')]]).spawn, 'docker');
}

export const REFERENCE = 'scenarios/linux/sandbox-isolation.yaml';

/** A scenario from YAML text, validated (no errors allowed) and planned on the recorded engine. */
export async function planned(file: string, text: string, index = 0): Promise<ScenarioInput> {
  const v = validateText(path.join(ROOT, file), text);
  assert.deepEqual(v.problems.filter((p) => p.severity === 'error').map((p) => `${p.line}:${p.col} ${p.message}`), []);
  assert.ok(v.scenario);
  const [input] = planScenarios([v.scenario], HOST, await recordedEngine());
  assert.ok(input);
  return { ...input, file, index };
}

/** A shipped scenario's text, its waits shortened (what is judged is the same). */
export function shippedText(file = REFERENCE): string {
  return fs.readFileSync(path.join(ROOT, file), 'utf8').replace('for: 1s', 'for: 150ms').replace('for: 3s', 'for: 150ms');
}

export interface ReplayRun {
  result: RunResult;
  events: RunEvent[];
  calls: string[][];
}

export interface ReplayOptions {
  script: Script;
  world?: World;
  /** Host PIDs that exist (default: the world as recorded). */
  host?: readonly number[];
  signal?: AbortSignal;
  stepTimeoutMs?: number;
  jobs?: number;
  onEvent?: (e: RunEvent) => void;
  /** Called on each host process query (e.g. to interrupt a run at a known point of a wait). */
  onHostQuery?: (q: HostQuery) => void;
}

/** Run planned scenarios through the real runner against the replay; asserts no unscripted command ran. */
export async function replayRun(inputs: ScenarioInput[], o: ReplayOptions): Promise<ReplayRun> {
  const w = o.world ?? REC;
  const r = replaySpawn(o.script);
  const events: RunEvent[] = [];
  const engine = await recordedEngine(w);
  const view = hostView(o.host ?? w.host, w);
  const result = await runAll(inputs, {
    spawn: r.spawn, engine, host: HOST, runId: RUN_ID, signal: o.signal ?? new AbortController().signal,
    jobs: o.jobs ?? 1, vars: {}, pollMinMs: 5, pollMaxMs: 20, hostProcesses: (q) => { o.onHostQuery?.(q); return view(q); },
    ...(o.stepTimeoutMs !== undefined ? { stepTimeoutMs: o.stepTimeoutMs } : {}),
    emit: (e) => { events.push(e); o.onEvent?.(e); },
    environment: fingerprint(engine),
  });
  assert.deepEqual(r.unexpected, [], 'every command the executor ran was scripted');
  return { result, events, calls: r.calls };
}
