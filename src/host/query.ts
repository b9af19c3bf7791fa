// What a `host-processes` step asks of the host's process table. All given fields must match.

export interface HostQuery {
  /** Exact name. Linux: comm, basename of exe or of argv[0] (see linux-proc.ts). Windows: ProcessName, any case, ".exe" optional. */
  name?: string;
  /** Exact PID. */
  pid?: number;
  /** Regular expression over the command line. */
  pattern?: RegExp;
  /** Full (64-hex) container id: only processes owned by that container (Linux; see windows.ts). */
  container?: string;
}

/** RegExp.test without the lastIndex state of /g and /y expressions. */
export function patternMatches(re: RegExp, s: string): boolean {
  re.lastIndex = 0;
  const ok = re.test(s);
  re.lastIndex = 0;
  return ok;
}
