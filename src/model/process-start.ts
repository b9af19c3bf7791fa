// A process's identity beyond its PID: PIDs are reused (here they wrap at 32768, and a busy test
// machine reuses one within seconds), so `clean` must not mistake a new process for a dead run's
// runner. On Linux a process is its PID plus its start time (field 22 of /proc/<pid>/stat, clock
// ticks since boot), which no later process with the same PID can share.
import fs from 'node:fs';

/** The start time of a Linux process as /proc shows it; undefined elsewhere or when it is gone. */
export function processStartTime(pid: number | 'self'): string | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // comm (field 2) may hold spaces and ')': count fields after the LAST ')'.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const start = rest[19]; // field 22 overall: state is field 3, rest[0]
  return start !== undefined && /^[0-9]+$/.test(start) ? start : undefined;
}

let own: string | undefined | null = null;

/** This isocheck process's start time (read once). */
export function ownStartTime(): string | undefined {
  if (own === null) own = processStartTime('self');
  return own;
}
