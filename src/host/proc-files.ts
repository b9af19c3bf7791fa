// Reading single /proc files and parsing them. Each file costs an open, a read and a close, so
// files are read into one reused buffer (readFileSync costs about twice as much) and parsed
// without splitting more than needed.
//
// Errors: ENOENT/ESRCH mean the process is gone (GONE), EACCES/EPERM that we may not look (DENIED);
// any other error is thrown as ProcReadError: a host table that silently lost processes could make
// an absence check pass.
import fs from 'node:fs';
import { ExitCode, IsocheckError } from '../errors.js';
import { posixBasename } from '../parse/names.js';

export const GONE = 1;
export const DENIED = 2;
export type Fail = typeof GONE | typeof DENIED;

let buf = Buffer.allocUnsafe(64 * 1024);

/** Reading the host's process table failed in a way that could hide processes (not a vanished one). */
export class ProcReadError extends IsocheckError {
  constructor(e: unknown) {
    super('host-query-failed', `cannot read the host process table: ${(e as Error).message}`, ExitCode.environment);
    this.name = 'ProcReadError';
  }
}

export function failure(e: unknown): Fail {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ESRCH') return GONE;
  if (code === 'EACCES' || code === 'EPERM') return DENIED;
  throw new ProcReadError(e);
}

/**
 * Read a whole /proc file into the shared buffer; the returned view is valid until the next read.
 * A read shorter than the space offered is the end of the file: proc's stat, status, comm, cgroup
 * (seq_file single_open) and cmdline hand out everything that fits in one read.
 */
export function readBytes(file: string): Buffer | Fail {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY);
  } catch (e) {
    return failure(e);
  }
  try {
    let n = 0;
    for (;;) {
      const want = buf.length - n;
      const k = fs.readSync(fd, buf, n, want, null);
      n += k;
      if (k < want) return buf.subarray(0, n);
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, 0, n);
      buf = bigger;
    }
  } catch (e) {
    return failure(e);
  } finally {
    fs.closeSync(fd);
  }
}

export function readText(file: string): string | Fail {
  const b = readBytes(file);
  return typeof b === 'number' ? b : b.toString('utf8');
}

/** stat's flags bit of a kernel thread: no exe, no command line. */
export const PF_KTHREAD = 0x00200000;

export interface Stat {
  comm: string;
  state: string;
  ppid: number;
  flags: number;
  /** Field 22, starttime (clock ticks after boot), as text: with the PID it names one process. */
  start: string;
}

/** Parse /proc/<pid>/stat: comm is between the first '(' and the LAST ')', and may hold spaces and ')'. */
export function parseStat(text: string): Stat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open === -1 || close < open) return undefined;
  // Fields 3 (state), 4 (ppid), 9 (flags) and 22 (starttime) after comm; the others are not sliced.
  let state: string | undefined;
  let ppidText: string | undefined;
  let flagsText: string | undefined;
  let start: string | undefined;
  let at = close + 2;
  for (let field = 3; field <= 22 && at <= text.length; field++) {
    let end = text.indexOf(' ', at);
    if (end === -1) end = text.length;
    if (field === 3) state = text.slice(at, end);
    else if (field === 4) ppidText = text.slice(at, end);
    else if (field === 9) flagsText = text.slice(at, end);
    else if (field === 22) start = text.slice(at, end);
    at = end + 1;
  }
  const ppid = Number(ppidText);
  const flags = Number(flagsText);
  if (state === undefined || ppidText === undefined || !Number.isInteger(ppid)) return undefined;
  return { comm: text.slice(open + 1, close), state, ppid, flags: Number.isInteger(flags) ? flags : 0, start: (start ?? '').trim() };
}

/** The fields of /proc/<pid>/stat that reports show (see parseStat). */
export function parseProcStat(text: string): Omit<Stat, 'start'> | undefined {
  const s = parseStat(text);
  return s === undefined ? undefined : { comm: s.comm, state: s.state, ppid: s.ppid, flags: s.flags };
}

/** Split /proc/<pid>/cmdline: NUL-separated, the trailing NUL optional; NUL padding after a rewritten title is dropped. */
export function parseCmdline(bytes: Buffer): string[] {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  if (end === 0) return [];
  return bytes.toString('utf8', 0, end).split('\0');
}

/** argv[0] of /proc/<pid>/cmdline (parseCmdline(bytes)[0]) without decoding the other arguments. */
export function cmdlineArgv0(bytes: Buffer): string | undefined {
  const nul = bytes.indexOf(0);
  if (nul === -1) return bytes.length === 0 ? undefined : bytes.toString('utf8');
  let end = bytes.length;
  while (end > nul && bytes[end - 1] === 0) end--;
  return end === nul && nul === 0 ? undefined : bytes.toString('utf8', 0, nul);
}

export function exeBasename(exe: string): string {
  return posixBasename(exe.endsWith(' (deleted)') ? exe.slice(0, -' (deleted)'.length) : exe);
}
