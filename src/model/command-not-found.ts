// Whether a command could not be found, on any platform. On POSIX the spawn fails with ENOENT. On
// Windows, execa may run a command through cmd.exe, which does not fail to spawn: it exits non-zero
// (1, or 9009 from cmd /c) after printing "'x' is not recognized as an internal or external
// command, operable program or batch file." So a missing docker or PowerShell there looks like a
// command that ran and failed, and must be recognised from its output.
import type { SpawnResult } from './spawn.js';

const NOT_RECOGNIZED = /is not recognized as an internal or external command/i;

export function commandNotFound(r: Pick<SpawnResult, 'spawnError' | 'exitCode' | 'stderr' | 'stdout' | 'timedOut' | 'aborted'>, platform: NodeJS.Platform = process.platform): boolean {
  if (r.timedOut || r.aborted) return false;
  if (r.spawnError !== undefined) return platform === 'win32' ? true : /ENOENT|not found/i.test(r.spawnError);
  if (platform !== 'win32' || r.exitCode === 0) return false;
  return r.exitCode === 9009 || NOT_RECOGNIZED.test(r.stderr) || NOT_RECOGNIZED.test(r.stdout);
}
