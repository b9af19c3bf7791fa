// A process as isocheck sees it, from any source: the engine's `top`, a runtime's own `ps`, the
// Linux /proc table or Windows PowerShell. Fields a source does not have are left undefined.

export interface ProcessInfo {
  pid: number;
  ppid?: number;
  /** Linux: comm (cut to 15 chars by the kernel); Windows: ProcessName (no .exe). */
  name: string;
  /** Full path of the executable, when known (Linux /proc/<pid>/exe, Windows Path). */
  exe?: string;
  /** argv as the process shows it (may be rewritten by the process; empty for kernel threads). */
  argv?: string[];
  /** The command line as one string, for display and `pattern` matching. */
  cmdline: string;
  user?: string;
  /** Full id of the container that owns the process, when the source can tell. */
  container?: string;
  /** Source-specific extra columns, kept for reports (e.g. Windows CPU, Private Working Set). */
  extra?: Record<string, string>;
}

/** A process table as read from one source, plus the raw text it was read from. */
export interface ProcessTable {
  source: 'engine-top' | 'runtime-ps' | 'exec-ps' | 'linux-proc' | 'windows-powershell';
  processes: ProcessInfo[];
  /** The text as a user would see it (the command's output, or a rendered table). */
  text: string;
}
