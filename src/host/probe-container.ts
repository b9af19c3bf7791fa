// The host view of a remote engine: one short-lived probe container on that engine, started on the
// first query and reused for the rest of the run (one per target per run), removed at the end. It
// sees the engine host's processes (`--pid=host`) and nothing more: the non-sandbox runtime (runc;
// a gVisor probe would see its own sandbox), the host user namespace, no network, every capability
// dropped but SYS_PTRACE (needed to read other processes' exe links; `--privileged` is never used
// and is refused by the kernel on some hosts), a read-only root. It carries the run's labels, so
// `isocheck clean` finds it like every other container isocheck starts.
import { LABEL } from '../engine/labels.js';
import { ownStartTime } from '../model/process-start.js';
import type { ContainerSpec, DetectedEngine, HostProbe, ProbeRun } from '../engine/types.js';
import { ExitCode, IsocheckError } from '../errors.js';
import type { Spawn, SpawnResult } from '../model/spawn.js';
import { parseProcDump, procDumpCommand, ProcDumpError, recordMatches, recordToProcess } from './proc-dump.js';
import type { HostQuery } from './query.js';

export const DEFAULT_PROBE_IMAGE = 'isocheck/busybox:local';
/** How long an early (warm) start of the probe may take. */
const WARM_TIMEOUT_MS = 60_000;
/** How long removing the probe may take at the end of a run (also after an interrupt). */
const DISPOSE_TIMEOUT_MS = 20_000;

export interface ContainerProbeOptions {
  spawn: Spawn;
  runId: string;
  hostname: string;
  /** An image with busybox sh, od and readlink, present on the target (it is never pulled). */
  image?: string;
}

/** The first non-empty line of an engine's message. */
function firstLine(s: string): string {
  return s.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
}

function fail(code: string, message: string): never {
  throw new IsocheckError(code, message, ExitCode.environment);
}

/** What the probe container is asked to be, in the engine-neutral words the driver maps. */
export function probeSpec(engine: DetectedEngine, o: ContainerProbeOptions): ContainerSpec | { reason: string } {
  const runc = engine.facts.runtimes.includes('runc') ? 'runc' : undefined;
  const iso = engine.driver.mapIsolation('process', runc, engine);
  if (!iso.ok) return { reason: iso.reason };
  return {
    name: `isocheck-${o.runId}-probe-${engine.target.name}`,
    image: o.image ?? DEFAULT_PROBE_IMAGE,
    // A long sleep: the run removes it; `clean` finds it by label if the run died.
    command: ['sleep', '2147483647'],
    labels: { [LABEL.run]: o.runId, [LABEL.scenario]: '(host probe)', [LABEL.step]: 'host-probe', [LABEL.pid]: String(process.pid), [LABEL.host]: o.hostname, ...(ownStartTime() !== undefined ? { [LABEL.started]: ownStartTime() as string } : {}) },
    isolationFlags: iso.flags,
    env: {},
    noPull: true,
    options: { pid: 'host', userns: 'host', network: 'none', capDrop: ['ALL'], capAdd: ['SYS_PTRACE'], readOnly: true },
  };
}

/** A shared start that a step waits for only until its own deadline or interrupt. */
function withinDeadline<T>(p: Promise<T>, run: ProbeRun, where: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new IsocheckError('host-probe-failed', `the host probe container on ${where} did not start before the step's timeout`, ExitCode.environment)), Math.max(0, run.deadline - Date.now()));
    onAbort = () => reject(new IsocheckError('aborted', 'interrupted', ExitCode.environment));
    run.signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([p, bound]).finally(() => {
    clearTimeout(timer);
    if (onAbort) run.signal.removeEventListener('abort', onAbort);
  });
}

export function createContainerProbe(engine: DetectedEngine, o: ContainerProbeOptions): HostProbe {
  const { driver } = engine;
  const where = engine.target.name;
  let started: Promise<string> | undefined;
  let attempted = false;
  let disposed = false;

  let users: Map<number, string> | undefined;

  const start = async (exec: (argv: string[]) => Promise<SpawnResult>): Promise<string> => {
    const spec = probeSpec(engine, o);
    if ('reason' in spec) fail('no-host-view', `no probe container can run on ${where}: ${spec.reason}`);
    const argv = driver.runArgv(spec);
    if (!argv.ok) fail('no-host-view', `no probe container can run on ${where}: ${argv.reason}`);
    attempted = true;
    const r = await exec(argv.argv);
    const id = r.stdout.trim().split('\n').pop() ?? '';
    if (r.exitCode !== 0 || !/^[0-9a-f]{64}$/.test(id)) {
      const why = firstLine(r.stderr) || r.spawnError || (r.timedOut ? 'timed out' : `exit code ${String(r.exitCode)}`);
      const hint = /No such image|image not known|not found/i.test(why) ? ` (load the image ${spec.image} into that engine: docker save ${spec.image} | docker --host … load)` : '';
      fail('host-probe-failed', `the host probe container did not start on ${where}: ${why}${hint}`);
    }
    return id;
  };

  // Concurrent steps share one start; a failed start is retried by the next query.
  const ensure = (exec: (argv: string[]) => Promise<SpawnResult>): Promise<string> =>
    (started ??= start(exec).catch((e: unknown) => {
      started = undefined;
      throw e;
    }));

  return {
    view: `host (probe container on ${where})`,
    warm(signal: AbortSignal) {
      if (disposed || started !== undefined) return;
      // Started while the first steps run, so the first host look does not wait for it.
      ensure((argv) => o.spawn({ argv, timeoutMs: WARM_TIMEOUT_MS, signal })).catch(() => undefined);
    },
    async query(q: HostQuery, run: ProbeRun) {
      if (disposed) fail('host-probe-failed', `the host probe on ${where} was already removed`);
      if (q.pid !== undefined && (!Number.isSafeInteger(q.pid) || q.pid <= 0)) return [];
      const id = await withinDeadline(ensure((argv) => run.exec(argv, `host probe container on ${where}`)), run, where);
      const r = await run.exec(driver.execArgv(id, procDumpCommand(q, users === undefined)), `host process table (probe container on ${where})`);
      if (r.exitCode !== 0) fail('host-query-failed', `the host probe on ${where} could not read the process table: ${firstLine(r.stderr) || r.spawnError || `exit code ${String(r.exitCode)}`}`);
      if (r.truncated?.stdout !== undefined) fail('host-query-failed', `the host process table on ${where} is larger than isocheck's output cap (${r.truncated.stdout} bytes)`);
      let dump: ReturnType<typeof parseProcDump>;
      try {
        dump = parseProcDump(r.stdout);
      } catch (e) {
        if (e instanceof ProcDumpError) fail('host-query-failed', `${e.message} on ${where}`);
        throw e;
      }
      users ??= dump.users;
      const owns = (text: string, cid: string): boolean => driver.cgroupOwns(text, cid);
      return dump.records
        .filter((rec) => (q.pid === undefined || rec.tgid === undefined || rec.tgid === rec.pid) && recordMatches(q, rec, owns))
        .map((rec) => recordToProcess(rec, users ?? new Map()))
        .sort((a, b) => a.pid - b.pid);
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      if (!attempted) return;
      await started?.catch(() => undefined);
      // By name: a start cut off by an interrupt may have created it without telling its id.
      await o.spawn({ argv: driver.removeArgv([`isocheck-${o.runId}-probe-${where}`]), timeoutMs: DISPOSE_TIMEOUT_MS });
    },
  };
}
