// Matching one /proc process by name (the rules are in linux-proc.ts: comm, exe basename, argv[0]
// basename), reading as few files as it can. The result does not depend on the order of reads;
// the cost does:
// - a name that comm does not settle needs exe and cmdline; comm is the cheapest file that tells
//   comm, so the scan starts with it;
// - a match needs stat too (its start time lets a later fill check the PID still names it), so
//   after a process that matched by comm, stat is read instead of comm: processes of one program
//   tend to have neighbouring PIDs (hundreds of `sleep`s), and then each costs one read, not two.
//   Its flags also tell kernel threads, which have no exe or command line (their exe readlink
//   would throw, and exceptions are costly).
import { posixBasename } from '../parse/names.js';
import { DENIED, GONE, PF_KTHREAD, cmdlineArgv0, exeBasename, parseCmdline } from './proc-files.js';
import type { Stat } from './proc-files.js';
import type { ProcReader } from './proc-reader.js';

/** What the match read: stat always; exe (null: none or not allowed) and argv when it read them. */
export interface Matched {
  stat: Stat;
  exe?: string | null;
  argv?: string[];
}

export class NameMatcher {
  private readonly comm: string;
  /** Whether the previous process matched by comm. */
  private lastByComm = false;

  constructor(
    private readonly r: ProcReader,
    private readonly name: string,
  ) {
    // The kernel cuts comm to 15 bytes.
    this.comm = Buffer.byteLength(name) > 15 ? Buffer.from(name).subarray(0, 15).toString('utf8') : name;
  }

  /** The process's stat and what else was read when it matches; undefined when it does not or is gone. */
  match(pid: number, statFirst = this.lastByComm): Matched | undefined {
    let stat: Stat | undefined;
    let comm: string | undefined;
    if (statFirst) {
      const st = this.r.stat(pid);
      if (typeof st === 'number') {
        if (st === GONE) this.r.comm(pid); // an unreadable table is an error, not an empty one
        return undefined;
      }
      stat = st;
      comm = st.comm;
    } else {
      const c = this.r.comm(pid);
      if (c === GONE) return undefined;
      comm = c === DENIED ? undefined : c;
    }
    const m: Omit<Matched, 'stat'> = {};
    this.lastByComm = comm === this.comm;
    if (!this.lastByComm && this.byExeOrArgv0(pid, m, stat) !== true) return undefined;
    if (stat === undefined) {
      const st = this.r.stat(pid);
      if (typeof st === 'number') return undefined;
      // comm changed since it was read (an exec, or a reused PID): match again, once, as it is now.
      if (comm !== undefined && st.comm !== comm) return this.match(pid, true);
      stat = st;
    }
    return Object.assign(m, { stat });
  }

  private byExeOrArgv0(pid: number, m: Omit<Matched, 'stat'>, stat: Stat | undefined): boolean | typeof GONE {
    if (stat !== undefined && (stat.flags & PF_KTHREAD) !== 0) return false;
    const exe = this.r.exe(pid);
    m.exe = typeof exe === 'number' ? null : exe;
    if (m.exe !== null && exeBasename(m.exe) === this.name) return true;
    // No exe link (and not merely unreadable): no mm, so no command line to read.
    if (exe !== DENIED && m.exe === null) return false;
    const b = this.r.cmdline(pid);
    if (b === GONE) return GONE;
    if (b === DENIED) return false;
    const argv0 = cmdlineArgv0(b);
    if (argv0 === undefined || posixBasename(argv0) !== this.name) return false;
    m.argv = parseCmdline(b);
    return true;
  }
}
