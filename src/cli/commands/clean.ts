// isocheck clean: remove containers left by runs that died (SIGKILL, power loss), found by label.
// Containers of a run whose isocheck process is still alive on this host are spared unless --all.
import fs from 'node:fs';
import os from 'node:os';
import { ExitCode } from '../../errors.js';
import { line } from '../../format/escape.js';
import { listContainers, removeContainers } from '../../execute/cleanup.js';
import { execaSpawn } from '../../execute/spawn.js';
import { LABEL } from '../../plan/argv.js';
import { detectEngine, dockerBinary } from '../../plan/engine.js';
import type { CliIO } from '../io.js';

function runnerAlive(pid: string | undefined, host: string | undefined): boolean {
  if (pid === undefined || !/^[0-9]+$/.test(pid) || host !== os.hostname()) return false;
  try {
    process.kill(Number(pid), 0);
  } catch {
    return false;
  }
  // A live PID may have been reused by something else: only an isocheck (node) process counts.
  try {
    return /isocheck|node/.test(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return process.platform !== 'linux';
  }
}

export async function main(_paths: string[], opts: { all?: boolean; dryRun?: boolean }, io: CliIO): Promise<number> {
  const docker = dockerBinary(io.env);
  await detectEngine(execaSpawn, docker); // exit 3 with one line when there is no engine
  const found = await listContainers(execaSpawn, docker, LABEL.run);
  const spared = found.filter((c) => !opts.all && runnerAlive(c.labels[LABEL.pid], c.labels[LABEL.host]));
  const doomed = found.filter((c) => !spared.includes(c));
  for (const c of spared) io.stdout.write(line`kept ${c.name} (run ${c.labels[LABEL.run]} is still running as PID ${c.labels[LABEL.pid]}; --all removes it)
`);
  if (doomed.length === 0) {
    io.stdout.write('nothing to clean: no containers left by dead isocheck runs\n');
    return ExitCode.ok;
  }
  if (opts.dryRun) {
    for (const c of doomed) io.stdout.write(line`would remove ${c.name} (${c.id.slice(0, 12)}, run ${c.labels[LABEL.run]}, ${c.labels[LABEL.scenario]})
`);
    return ExitCode.ok;
  }
  const r = await removeContainers(execaSpawn, docker, doomed.map((c) => c.id));
  for (const c of doomed) if (r.removed.includes(c.id)) io.stdout.write(line`removed ${c.name} (${c.id.slice(0, 12)}, run ${c.labels[LABEL.run]}, ${c.labels[LABEL.scenario]})
`);
  for (const e of r.errors) io.stderr.write(line`isocheck: could not remove: ${e}
`);
  io.stdout.write(`${r.removed.length} container(s) removed\n`);
  return r.errors.length > 0 ? ExitCode.failed : ExitCode.ok;
}
