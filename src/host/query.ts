// What a `host-processes` step asks of the host's process table. All given fields must match.

/** A compiled pattern (format/regex.ts ScenarioRegex: RE2, linear time). */
export interface Pattern {
  readonly source: string;
  test(subject: string): boolean;
}

/** Fields of a host process that a probe may read only when they are used (Linux /proc). */
export type LazyField = 'cmdline' | 'argv' | 'container' | 'exe' | 'user';

export interface HostQuery {
  /** Exact name. Linux: comm, basename of exe or of argv[0] (see linux-proc.ts). Windows: ProcessName, any case, ".exe" optional. */
  name?: string;
  /** Exact PID. */
  pid?: number;
  /** Regular expression over the command line. */
  pattern?: Pattern;
  /** Full (64-hex) container id: only processes owned by that container (Linux; see windows.ts). */
  container?: string;
  /**
   * Fields to read while the table is read, not on first use (Linux /proc reads cmdline, cgroup, exe
   * and status lazily): those a verdict depends on, e.g. container for ownedBy, so that a process
   * that exits after the scan cannot change it. Other probes read every field anyway.
   */
  eager?: readonly LazyField[];
}

/** Whether the pattern matches the command line. RE2 keeps no state between calls (no lastIndex). */
export function patternMatches(re: Pattern, s: string): boolean {
  return re.test(s);
}
