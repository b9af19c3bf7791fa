// The Linux host's process table, read from /proc directly (no `ps`: one spawn costs more than
// reading a thousand processes, and ps's output would have to be parsed back).
//
// NAME MATCHING IS EXACT. A process matches the name N when any of these holds:
//   1. comm === N, or, when N is longer than 15 bytes (UTF-8), comm === the first 15 bytes of N —
//      the kernel cuts comm to 15 bytes, so "isocheck-very-long-name-sleep" has comm
//      "isocheck-very-l" (any other name with the same first 15 bytes matches by this rule too);
//   2. basename(/proc/<pid>/exe) === N (a " (deleted)" suffix of a replaced binary is ignored):
//      runsc's processes have comm "exe" (runsc re-executes /proc/self/exe) and exe /usr/bin/runsc;
//   3. basename(argv[0]) === N, argv[0] being the first NUL-separated element of
//      /proc/<pid>/cmdline: runsc-sandbox and runsc-gofer are named only there. A process that
//      rewrote its command line into one string with spaces (setproctitle) has that whole string
//      as argv[0].
// No prefix, substring or case-insensitive matching: use `pattern` for that.
// pattern: a RegExp tested on the command line, argv joined by single spaces; a process with an
//   empty command line (kernel thread, zombie, gVisor's ptrace stubs) is tested as `[comm]`.
// container: the process's /proc/<pid>/cgroup names that full container id (containerIdFromCgroup).
//
// Processes vanish between listing /proc and reading their files: ENOENT/ESRCH drop the process
// silently. EACCES on exe (not root) leaves exe undefined. Other errors are thrown: a host table
// that silently lost processes could make an absence check pass.
//
// Speed (about 1,000 processes, see scripts/bench-host.mjs): each /proc file costs an open, a read
// and a close, so a query reads as few as it needs, cheapest first, into one reused buffer. A name
// query reads comm, exe only where comm did not match, cmdline only where neither did (and not
// without an exe: no mm, no command line), and stat for a match (name-match.ts); a pattern query
// reads stat and cmdline, a container query stat and cgroup (only for the PIDs its cgroup.procs
// lists). A pid query reads every field at once. Otherwise the other fields are read on first use
// (lazy-process.ts), and a process that exited or was replaced by then (start time or comm differ)
// keeps only what the scan read: it was there when the table was read, so counts and presence do
// not change afterwards. Fields a verdict depends on are read with the scan when the query says so
// (HostQuery.eager: ownedBy's container).
import type { ProcessInfo } from '../model/process.js';
import { cgroupNamesContainer, containerIdFromCgroup } from '../parse/cgroup.js';
import { GROUP_OF, inOrder, lazyProcess } from './lazy-process.js';
import type { LazyGroup } from './lazy-process.js';
import { DENIED, GONE, PF_KTHREAD } from './proc-files.js';
import { NameMatcher } from './name-match.js';
import type { Stat } from './proc-files.js';
import { ProcReader, containerPids } from './proc-reader.js';
import { patternMatches } from './query.js';
import type { HostQuery } from './query.js';

export type { HostQuery } from './query.js';
export { containerPids } from './proc-reader.js';
export { ProcReadError, exeBasename, parseCmdline, parseProcStat } from './proc-files.js';

export interface LinuxProcOptions {
  /** Where proc is mounted (tests use a directory of recorded files). Default /proc. */
  procRoot?: string;
  /**
   * Where cgroups are mounted, for container queries. Default /sys/fs/cgroup — but when procRoot is
   * given and cgroupRoot is not, cgroup.procs is not used (it would list another machine's PIDs).
   */
  cgroupRoot?: string;
  /** passwd file for user names; default /etc/passwd with the default procRoot, else none (numeric). */
  passwdFile?: string;
}

/** What the scan read of one process (undefined: not read; null: absent or not allowed). */
interface Seen {
  stat: Stat;
  exe?: string | null;
  argv?: string[];
  cgroup?: string | null;
  euid?: number;
}

/**
 * Read one group of fields into `p`. false when the process is gone or is no longer the one the
 * scan saw (start time or comm differ: a reused PID, or an exec): then only what the scan read is set.
 */
function fill(r: ProcReader, s: Seen, group: LazyGroup, p: ProcessInfo): boolean {
  const pid = p.pid;
  const got: Partial<Seen> = {};
  let gone = false;
  let read = false;
  if (group === 'shown') {
    if (s.argv === undefined) {
      const a = r.argv(pid);
      read = true;
      if (a === GONE) gone = true;
      else if (a !== DENIED) got.argv = a;
    }
    if (s.cgroup === undefined && !gone) {
      const c = r.cgroup(pid);
      read = true;
      if (c === GONE) gone = true;
      else got.cgroup = c === DENIED ? null : c;
    }
  } else {
    if (s.exe === undefined) {
      const e = r.exe(pid); // null also when gone: the stat below tells
      read = true;
      got.exe = typeof e === 'number' ? null : e;
    }
    if (s.euid === undefined && !gone) {
      const st = r.status(pid);
      read = true;
      if (st === GONE) gone = true;
      else if (st !== DENIED && st.euid !== undefined) got.euid = st.euid;
    }
  }
  if (read && !gone) {
    const now = r.stat(pid);
    gone = typeof now === 'number' || now.start !== s.stat.start || now.comm !== s.stat.comm;
  }
  const v: Omit<Seen, 'stat'> = gone ? s : { ...s, ...got };
  if (group === 'shown') {
    p.cmdline = v.argv !== undefined && v.argv.length > 0 ? v.argv.join(' ') : `[${s.stat.comm}]`;
    if (v.argv !== undefined) p.argv = v.argv;
    const container = v.cgroup === undefined || v.cgroup === null ? undefined : containerIdFromCgroup(v.cgroup);
    if (container !== undefined) p.container = container;
  } else {
    if (v.exe !== undefined && v.exe !== null) p.exe = v.exe;
    if (v.euid !== undefined) p.user = r.userName(v.euid);
  }
  return !gone;
}

function readerFor(opts: LinuxProcOptions): ProcReader {
  const procRoot = opts.procRoot ?? '/proc';
  const passwd = opts.passwdFile ?? (opts.procRoot === undefined ? '/etc/passwd' : undefined);
  return new ProcReader(procRoot, passwd);
}

/**
 * The host processes that match every field of `q` (an empty query: all processes), by PID.
 * @throws RangeError when q.container is not a full 64-hex container id.
 */
export function queryLinuxProcesses(q: HostQuery, opts: LinuxProcOptions = {}): ProcessInfo[] {
  if (q.container !== undefined && !/^[0-9a-f]{64}$/.test(q.container)) {
    throw new RangeError(`container must be a full 64-hex container id, got ${JSON.stringify(q.container)}`);
  }
  const r = readerFor(opts);
  const eager = new Set<LazyGroup>((q.eager ?? []).map((f) => GROUP_OF.get(f) ?? 'shown'));
  if (q.pid !== undefined) eager.add('shown').add('rest');
  const lazy = (['shown', 'rest'] as const).filter((g) => !eager.has(g));
  const fillLater = (g: LazyGroup, p: ProcessInfo, s: Seen): void => void fill(r, s, g, p);

  const names = q.name === undefined ? undefined : new NameMatcher(r, q.name);

  const scan = (pid: number): Seen | undefined => {
    let s: Seen;
    if (names !== undefined) {
      const m = names.match(pid);
      if (m === undefined) return undefined;
      s = m;
    } else {
      const stat = r.stat(pid);
      if (typeof stat === 'number') return undefined;
      s = { stat };
    }
    if (q.pattern !== undefined) {
      if (s.argv === undefined) {
        const a = r.argv(pid);
        if (a === GONE) return undefined;
        s.argv = a === DENIED ? [] : a;
      }
      if (!patternMatches(q.pattern, s.argv.length > 0 ? s.argv.join(' ') : `[${s.stat.comm}]`)) return undefined;
    }
    if (q.container !== undefined) {
      const cg = r.cgroup(pid);
      if (cg === GONE || cg === DENIED) return undefined;
      s.cgroup = cg;
      if (!cgroupNamesContainer(cg, q.container)) return undefined;
    }
    if (q.pid !== undefined) {
      // A thread id is readable in /proc too, but it is not a process.
      const st = r.status(pid);
      if (typeof st === 'number' || st.tgid !== pid) return undefined;
      if (st.euid !== undefined) s.euid = st.euid;
    }
    return s;
  };

  const record = (pid: number, s: Seen): Omit<ProcessInfo, 'cmdline'> => ({
    pid,
    ppid: s.stat.ppid,
    name: s.stat.comm,
    extra: (s.stat.flags & PF_KTHREAD) !== 0 ? { state: s.stat.state, kind: 'kernel-thread' } : { state: s.stat.state },
  });

  const matchOne = (pid: number, retry: boolean): ProcessInfo | undefined => {
    const s = scan(pid);
    if (s === undefined) return undefined;
    const p = record(pid, s) as ProcessInfo;
    for (const g of eager) {
      // Read now: a process that changed since its scan is matched again, once, as it is now.
      if (!fill(r, s, g, p)) return retry ? matchOne(pid, false) : undefined;
    }
    return lazy.length === 0 ? inOrder(p) : lazyProcess(p, lazy, s, fillLater);
  };

  let pids: number[];
  if (q.pid !== undefined) {
    if (!Number.isSafeInteger(q.pid) || q.pid <= 0) return [];
    pids = [q.pid];
  } else {
    const useCgroup = q.container !== undefined && (opts.procRoot === undefined || opts.cgroupRoot !== undefined);
    const fromCgroup = useCgroup && q.container !== undefined ? containerPids(q.container, { cgroupRoot: opts.cgroupRoot }) : undefined;
    pids = fromCgroup ?? r.listPids().sort((a, b) => a - b); // sorted before the records (Proxies) exist
  }
  const out: ProcessInfo[] = [];
  for (const pid of pids) {
    const p = matchOne(pid, true);
    if (p !== undefined) out.push(p);
  }
  return out;
}
