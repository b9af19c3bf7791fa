// isocheck clean: remove containers left by runs that died (SIGKILL, power loss), found by label.
// The engine may be shared (a colleague's runs on the same daemon), so by default only runs started
// from THIS host (label io.isocheck.host = os.hostname()) whose isocheck process (io.isocheck.pid)
// is gone are removed; another host's runs are never judged dead from here. `--run ID` removes one
// run's containers whatever their host; `--all` removes everything isocheck labelled. One line per
// run says what is removed or spared, and why.
import { processStartTime } from '../../model/process-start.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ExitCode, IsocheckError, oneLine, UsageError } from '../../errors.js';
import { listContainers, removeContainers, type LabeledContainer } from '../../execute/cleanup.js';
import { sweepRunCgroups } from '../../execute/cgroup-sweep.js';
import { execaSpawn } from '../../execute/spawn.js';
import { withEnv } from '../../execute/spawn-env.js';
import { LABEL } from '../../plan/argv.js';
import { createDriver } from '../../engine/index.js';
import type { EngineTarget } from '../../engine/types.js';
import { resolveTargets, type TargetOpts } from '../targets.js';
import type { CliIO } from '../io.js';

export interface CleanOpts extends TargetOpts {
  all?: boolean;
  dryRun?: boolean;
  run?: string;
}

type Liveness = 'alive' | 'dead' | 'unknown';

/**
 * Whether the isocheck process that started a run on this host still runs. With a start-time label
 * (Linux) the PID must still be that same process; without one (older runs, other OSes) a live
 * node/isocheck process at that PID counts. This process is never the runner (`clean` runs no scenario).
 */
export function runnerLiveness(pid: string | undefined, started?: string): Liveness {
  if (pid === undefined || !/^[0-9]+$/.test(pid)) return 'unknown';
  if (Number(pid) === process.pid) return 'dead';
  try {
    process.kill(Number(pid), 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM' ? 'alive' : 'dead';
  }
  if (started !== undefined && started !== '') {
    const now = processStartTime(Number(pid));
    if (now !== undefined) return now === started ? 'alive' : 'dead';
  }
  // A live PID may have been reused by something else: only an isocheck (node) process counts.
  try {
    return /isocheck|node/.test(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8')) ? 'alive' : 'dead';
  } catch {
    return process.platform === 'linux' ? 'dead' : 'alive';
  }
}

interface RunVerdict {
  run: string;
  host: string;
  pid: string;
  liveness: Liveness | 'other host';
  remove: boolean;
  why: string;
  containers: LabeledContainer[];
}

export function judgeRun(run: string, containers: LabeledContainer[], opts: CleanOpts, hostname = os.hostname()): RunVerdict {
  const first = containers[0]?.labels ?? {};
  const host = first[LABEL.host] ?? '';
  const pid = first[LABEL.pid] ?? '';
  const local = host !== '' && host === hostname;
  const liveness: RunVerdict['liveness'] = local ? runnerLiveness(pid || undefined, first[LABEL.started]) : 'other host';
  const v = { run, host: host || '(none)', pid: pid || '(none)', liveness, containers };
  if (opts.all) return { ...v, remove: true, why: '--all' };
  if (opts.run !== undefined) return { ...v, remove: true, why: '--run names it' };
  if (!local) return { ...v, remove: false, why: host ? `started on host "${host}", not this one (${hostname}): its process cannot be checked from here; --run ${run} removes it` : `no host label; --run ${run} removes it` };
  if (liveness === 'alive') return { ...v, remove: false, why: `its isocheck process ${pid} is still running; --run ${run} removes it` };
  if (liveness === 'unknown') return { ...v, remove: false, why: `no usable PID label; --run ${run} removes it` };
  return { ...v, remove: true, why: `its isocheck process ${pid} is gone` };
}

export async function main(_paths: string[], opts: CleanOpts, io: CliIO): Promise<number> {
  if (opts.run !== undefined && !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(opts.run)) throw new UsageError('bad-run-id', `--run ${JSON.stringify(opts.run)} is not a run id (letters, digits, "_", "." and "-")`);
  const targets = await resolveTargets(opts, io.cwd);
  if (targets.length === 1 && targets[0] !== undefined) {
    const code = await cleanTarget(targets[0], opts, io); // exit 3 with one line when there is no engine
    return sweepCgroups(opts, io, code);
  }
  // A fleet: each target cleaned in turn; an unreachable one is reported and the others still cleaned.
  let code: number = ExitCode.ok;
  for (const t of targets) {
    io.stdout.write(`${oneLine(`target ${t.name} (${t.kind}):`)}\n`);
    try {
      const c = await cleanTarget(t, opts, io);
      if (c !== ExitCode.ok && code === ExitCode.ok) code = c;
    } catch (e) {
      if (!(e instanceof IsocheckError)) throw e;
      io.stderr.write(`isocheck: target ${oneLine(t.name)}: ${oneLine(e.message)} [${e.code}]\n`);
      code = e.exitCode;
    }
  }
  return sweepCgroups(opts, io, code);
}

/** This machine's empty run cgroups (left by runs that were killed), whatever the engine target. */
function sweepCgroups(opts: CleanOpts, io: CliIO, code: number): number {
  if (opts.run !== undefined) return code;
  const r = sweepRunCgroups(opts.dryRun === true);
  const n = r.stale.length - r.failed.length;
  if (r.stale.length > 0) io.stdout.write(`${oneLine(`${opts.dryRun ? `would remove ${r.stale.length}` : `removed ${n}`} empty run cgroup(s) left by isocheck runs that were killed (${r.stale.map((d) => path.basename(d)).slice(0, 3).join(', ')}${r.stale.length > 3 ? ', …' : ''})`)}\n`);
  for (const d of r.failed) io.stderr.write(`isocheck: could not remove cgroup ${oneLine(d)}\n`);
  return code;
}

async function cleanTarget(target: EngineTarget, opts: CleanOpts, io: CliIO): Promise<number> {
  const spawn = withEnv(execaSpawn, io.env);
  const driver = createDriver(target, io.env);
  await driver.detect(spawn, { timeoutMs: 10_000 });
  const docker = driver;
  const found = await listContainers(spawn, docker, opts.run !== undefined ? `${LABEL.run}=${opts.run}` : LABEL.run);
  const runs = new Map<string, LabeledContainer[]>();
  for (const c of found) {
    const id = c.labels[LABEL.run] ?? '';
    runs.set(id, [...(runs.get(id) ?? []), c]);
  }
  const verdicts = [...runs].map(([run, cs]) => judgeRun(run, cs, opts));
  const say = (s: string): void => void io.stdout.write(`${oneLine(s)}\n`);
  for (const v of verdicts) {
    const action = v.remove ? (opts.dryRun ? 'would remove' : 'remove') : 'spare';
    say(`run ${v.run}  host ${v.host}  pid ${v.pid}  ${v.liveness}  ${action} ${v.containers.length} container(s): ${v.why}`);
  }
  const doomed = verdicts.filter((v) => v.remove).flatMap((v) => v.containers);
  if (doomed.length === 0) {
    say(opts.run !== undefined && found.length === 0 ? `nothing to clean: no container of run ${opts.run}` : 'nothing to clean: no containers left by dead isocheck runs of this host');
    return ExitCode.ok;
  }
  if (opts.dryRun) {
    for (const c of doomed) say(`would remove ${c.name} (${c.id.slice(0, 12)}, run ${c.labels[LABEL.run] ?? ''}, ${c.labels[LABEL.scenario] ?? ''})`);
    return ExitCode.ok;
  }
  const r = await removeContainers(spawn, docker, doomed.map((c) => c.id));
  for (const c of doomed) if (r.removed.includes(c.id)) say(`removed ${c.name} (${c.id.slice(0, 12)}, run ${c.labels[LABEL.run] ?? ''}, ${c.labels[LABEL.scenario] ?? ''})`);
  for (const e of r.errors) io.stderr.write(`isocheck: could not remove: ${oneLine(e)}\n`);
  say(`${r.removed.length} container(s) removed`);
  return r.errors.length > 0 ? ExitCode.failed : ExitCode.ok;
}
