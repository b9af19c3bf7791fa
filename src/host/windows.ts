// The Windows host's process table: the fixed PowerShell query (parse/powershell.ts) run through
// the Spawn seam, parsed, then filtered here — no scenario value ever reaches PowerShell.
//
// Matching:
//   name     ProcessName, case-insensitive, ".exe" optional on either side ("ping", "PING",
//            "ping.exe" all match ProcessName "PING"), otherwise exact.
//   pid      exact.
//   pattern  tested on CommandLine and on Path (a match on either is enough); a process with
//            neither (protected processes, not elevated, or the CIM half of the query failed) is
//            tested on its ProcessName.
//   container NOT applied here. Windows has no per-process record of the owning container that a
//            host query can read (no cgroup file); which host processes belong to a container is
//            decided from the container's own `docker top` list, by isolation mode
//            (host/windows-ownership.ts): process isolation: the same PID and name are the same
//            process; Hyper-V isolation: the PIDs are the utility VM's, so it owns no host process.
import type { ProcessInfo } from '../model/process.js';
import type { Spawn, SpawnResult } from '../model/spawn.js';
import { ExitCode, IsocheckError } from '../errors.js';
import { commandNotFound } from '../model/command-not-found.js';
import { windowsNameEquals } from '../parse/names.js';
import { parsePowerShellProcessJson, windowsProcessQueryArgv } from '../parse/powershell.js';
import { ParseError } from '../parse/errors.js';
import { patternMatches } from './query.js';
import type { HostQuery } from './query.js';

export type { HostQuery } from './query.js';

/** The Windows host query could not be run or answered (the command is attached for the report). */
export class HostQueryError extends IsocheckError {
  constructor(
    code: 'host-query-unavailable' | 'host-query-failed' | 'host-query-timeout' | 'host-query-aborted' | 'output-unparseable',
    message: string,
    readonly command: SpawnResult | undefined,
  ) {
    super(code, message, ExitCode.environment);
    this.name = 'HostQueryError';
  }
}

/** Keep the processes that match every given field of q except container (see above). */
export function filterWindowsProcesses(processes: ProcessInfo[], q: HostQuery): ProcessInfo[] {
  return processes.filter((p) => {
    if (q.pid !== undefined && p.pid !== q.pid) return false;
    if (q.name !== undefined && !windowsNameEquals(p.name, q.name)) return false;
    if (q.pattern !== undefined) {
      const texts = [p.extra?.CommandLine, p.exe].filter((t): t is string => t !== undefined && t !== '');
      if (texts.length === 0) texts.push(p.name);
      const re = q.pattern;
      if (!texts.some((t) => patternMatches(re, t))) return false;
    }
    return true;
  });
}

/** PowerShell is not there: ENOENT, or on Windows cmd.exe's "is not recognized" (execa does not raise ENOENT there). */
function notStarted(r: SpawnResult, platform: NodeJS.Platform): boolean {
  return commandNotFound(r, platform);
}

/**
 * Run the fixed PowerShell query (powershell.exe; pwsh when powershell.exe cannot be started),
 * parse it, and filter by q (q.container is ignored: see the header comment).
 * @throws HostQueryError when no PowerShell can be started, it times out, is aborted, or its output
 *   is not the expected JSON (message holds the first 200 characters).
 */
export async function queryWindowsProcesses(
  q: HostQuery,
  spawn: Spawn,
  opts: { timeoutMs?: number; signal?: AbortSignal; platform?: NodeJS.Platform } = {},
): Promise<{ processes: ProcessInfo[]; command: SpawnResult }> {
  const run = (shell: 'powershell.exe' | 'pwsh'): Promise<SpawnResult> =>
    spawn({ argv: windowsProcessQueryArgv(shell), ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }), ...(opts.signal === undefined ? {} : { signal: opts.signal }) });
  const platform = opts.platform ?? process.platform;
  const why = (r: SpawnResult): string => (r.spawnError ?? r.stderr.trim().split(/\r?\n/)[0] ?? `exit code ${String(r.exitCode)}`);
  let command = await run('powershell.exe');
  if (notStarted(command, platform)) {
    const first = command;
    command = await run('pwsh');
    if (notStarted(command, platform)) {
      throw new HostQueryError('host-query-unavailable', `cannot start PowerShell: powershell.exe: ${why(first)}; pwsh: ${why(command)}`, command);
    }
  }
  if (command.aborted) throw new HostQueryError('host-query-aborted', 'the Windows process query was aborted', command);
  if (command.timedOut) throw new HostQueryError('host-query-timeout', 'the Windows process query timed out', command);
  let all: ProcessInfo[];
  try {
    all = parsePowerShellProcessJson(command.stdout);
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    const exit = command.exitCode === 0 ? '' : ` (exit code ${String(command.exitCode)}; stderr: ${command.stderr.trim().slice(0, 200)})`;
    throw new HostQueryError(
      command.exitCode === 0 ? 'output-unparseable' : 'host-query-failed',
      `the Windows process query did not return process JSON: ${e.reason}; output starts ${JSON.stringify(command.stdout.slice(0, 200))}${exit}`,
      command,
    );
  }
  return { processes: filterWindowsProcesses(all, q), command };
}
