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
// and a close, so the reader reads as few as the query needs, cheapest first, into one reused
// buffer (readFileSync costs twice as much). A pid query reads one process; a container query
// reads the container's cgroup.procs and only those processes (their cgroup is re-checked); a name
// query reads comm for every process, exe only where comm did not match, cmdline only where
// neither did (and not at all when exe is absent: no mm, so no command line); the files a result
// needs for the rest of its fields are read for matches only.
import fs from 'node:fs';
import path from 'node:path';
import { ExitCode, IsocheckError } from '../errors.js';
import type { ProcessInfo } from '../model/process.js';
import { cgroupNamesContainer, containerIdFromCgroup } from '../parse/cgroup.js';
import { posixBasename } from '../parse/names.js';
import { patternMatches } from './query.js';
import type { HostQuery } from './query.js';

export type { HostQuery } from './query.js';

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

const GONE = 1;
const DENIED = 2;
type Fail = typeof GONE | typeof DENIED;

let buf = Buffer.allocUnsafe(64 * 1024);

/** Reading the host's process table failed in a way that could hide processes (not a vanished one). */
export class ProcReadError extends IsocheckError {
  constructor(e: unknown) {
    super('host-query-failed', `cannot read the host process table: ${(e as Error).message}`, ExitCode.environment);
    this.name = 'ProcReadError';
  }
}

function failure(e: unknown): Fail {
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
function readBytes(file: string): Buffer | Fail {
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

function readText(file: string): string | Fail {
  const b = readBytes(file);
  return typeof b === 'number' ? b : b.toString('utf8');
}

interface Stat {
  comm: string;
  state: string;
  ppid: number;
  flags: number;
}

/** Parse /proc/<pid>/stat: comm is between the first '(' and the LAST ')', and may hold spaces and ')'. */
export function parseProcStat(text: string): Stat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open === -1 || close < open) return undefined;
  const rest = text.slice(close + 2).split(' ');
  const ppid = Number(rest[1]);
  const flags = Number(rest[6]);
  if (rest[0] === undefined || !Number.isInteger(ppid)) return undefined;
  return { comm: text.slice(open + 1, close), state: rest[0], ppid, flags: Number.isInteger(flags) ? flags : 0 };
}

/** Split /proc/<pid>/cmdline: NUL-separated, the trailing NUL optional; NUL padding after a rewritten title is dropped. */
export function parseCmdline(bytes: Buffer): string[] {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  if (end === 0) return [];
  return bytes.toString('utf8', 0, end).split('\0');
}

export function exeBasename(exe: string): string {
  return posixBasename(exe.endsWith(' (deleted)') ? exe.slice(0, -' (deleted)'.length) : exe);
}

const PF_KTHREAD = 0x00200000;

/** What has been read of one process so far (undefined: not read yet). */
interface Seen {
  comm?: string;
  /** null: no exe link (kernel thread, zombie) or not allowed to read it. */
  exe?: string | null;
  exeDenied?: boolean;
  argv?: string[];
  cgroup?: string | null;
}

class Reader {
  private users: Map<number, string> | undefined;

  constructor(
    readonly procRoot: string,
    private readonly passwdFile: string | undefined,
  ) {}

  private file(pid: number, name: string): string {
    return `${this.procRoot}/${pid}/${name}`;
  }

  comm(pid: number): string | Fail {
    const t = readText(this.file(pid, 'comm'));
    return typeof t === 'number' ? t : t.endsWith('\n') ? t.slice(0, -1) : t;
  }

  stat(pid: number): Stat | Fail {
    const t = readText(this.file(pid, 'stat'));
    if (typeof t === 'number') return t;
    return parseProcStat(t) ?? GONE;
  }

  argv(pid: number): string[] | Fail {
    const b = readBytes(this.file(pid, 'cmdline'));
    return typeof b === 'number' ? b : parseCmdline(b);
  }

  /** The exe link; null when absent (ENOENT: kernel thread, zombie, or gone) or DENIED. */
  exe(pid: number): string | null | Fail {
    try {
      return fs.readlinkSync(this.file(pid, 'exe'));
    } catch (e) {
      const f = failure(e);
      return f === GONE ? null : f;
    }
  }

  cgroup(pid: number): string | Fail {
    return readText(this.file(pid, 'cgroup'));
  }

  /** Tgid and effective uid from /proc/<pid>/status. */
  status(pid: number): { tgid: number; euid: number | undefined } | Fail {
    const t = readText(this.file(pid, 'status'));
    if (typeof t === 'number') return t;
    const tgid = /^Tgid:\s*(\d+)/m.exec(t);
    const uid = /^Uid:\s*\d+\s+(\d+)/m.exec(t);
    return { tgid: tgid?.[1] === undefined ? pid : Number(tgid[1]), euid: uid?.[1] === undefined ? undefined : Number(uid[1]) };
  }

  userName(uid: number): string {
    if (this.users === undefined) {
      this.users = new Map();
      if (this.passwdFile !== undefined) {
        try {
          for (const line of fs.readFileSync(this.passwdFile, 'utf8').split('\n')) {
            const f = line.split(':');
            const id = Number(f[2]);
            if (f[0] !== undefined && f[0] !== '' && Number.isInteger(id) && !this.users.has(id)) this.users.set(id, f[0]);
          }
        } catch {
          // no passwd: numeric users
        }
      }
    }
    return this.users.get(uid) ?? String(uid);
  }

  listPids(): number[] {
    const out: number[] = [];
    let names: string[];
    try {
      names = fs.readdirSync(this.procRoot);
    } catch (e) {
      throw new ProcReadError(e);
    }
    for (const n of names) {
      const c = n.charCodeAt(0);
      if (c < 48 || c > 57) continue;
      const pid = Number(n);
      if (Number.isSafeInteger(pid)) out.push(pid);
    }
    return out;
  }

  /**
   * All fields of a process, reusing what was read while matching. undefined when it vanished,
   * or when its comm changed since it was matched (exec, or a reused PID): the caller re-checks.
   */
  complete(pid: number, seen: Seen, opts: { checkThread: boolean }): ProcessInfo | 'changed' | undefined {
    const st = this.stat(pid);
    if (typeof st === 'number') return undefined;
    if (seen.comm !== undefined && seen.comm !== st.comm) return 'changed';
    const status = this.status(pid);
    if (typeof status === 'number') return undefined;
    if (opts.checkThread && status.tgid !== pid) return undefined; // a thread id, not a process
    let argv = seen.argv;
    if (argv === undefined) {
      const a = this.argv(pid);
      if (a === GONE) return undefined;
      argv = a === DENIED ? undefined : a;
    }
    let exe = seen.exe;
    if (exe === undefined) {
      const e = this.exe(pid);
      exe = typeof e === 'number' ? null : e;
    }
    let cgroup = seen.cgroup;
    if (cgroup === undefined) {
      const c = this.cgroup(pid);
      if (c === GONE) return undefined;
      cgroup = c === DENIED ? null : c;
    }
    const kthread = (st.flags & PF_KTHREAD) !== 0;
    const p: ProcessInfo = {
      pid,
      ppid: st.ppid,
      name: st.comm,
      cmdline: argv !== undefined && argv.length > 0 ? argv.join(' ') : `[${st.comm}]`,
    };
    if (argv !== undefined) p.argv = argv;
    if (exe !== null) p.exe = exe;
    if (status.euid !== undefined) p.user = this.userName(status.euid);
    const container = cgroup === null ? undefined : containerIdFromCgroup(cgroup);
    if (container !== undefined) p.container = container;
    p.extra = { state: st.state, ...(kthread ? { kind: 'kernel-thread' } : {}) };
    return p;
  }
}

function readerFor(opts: LinuxProcOptions): Reader {
  const procRoot = opts.procRoot ?? '/proc';
  const passwd = opts.passwdFile ?? (opts.procRoot === undefined ? '/etc/passwd' : undefined);
  return new Reader(procRoot, passwd);
}

const V1_CONTROLLERS = ['pids', 'memory', 'systemd', 'cpu,cpuacct', 'cpuacct', 'cpu', 'devices', 'freezer', 'blkio', 'cpuset'];

function readProcsTree(dir: string, out: Set<number>, depth: number): boolean {
  const t = readText(path.join(dir, 'cgroup.procs'));
  if (typeof t === 'number') return false;
  for (const line of t.split('\n')) {
    const pid = Number(line);
    if (line !== '' && Number.isSafeInteger(pid)) out.add(pid);
  }
  if (depth > 0) {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      entries = [];
    }
    for (const e of entries) if (e.isDirectory()) readProcsTree(path.join(dir, e.name), out, depth - 1);
  }
  return true;
}

/**
 * PIDs in a container's cgroup (and its sub-cgroups), from cgroup.procs: cgroup v2 (cgroupfs driver
 * `docker/<id>`, systemd driver `system.slice/docker-<id>.scope`), v1 (the same under a controller:
 * pids, memory, ...), hybrid (`unified/...`). undefined when no such cgroup is found, e.g. a custom
 * --cgroup-parent, another engine, or an id that is not a full 64-hex id.
 */
export function containerPids(containerId: string, opts: { cgroupRoot?: string } = {}): number[] | undefined {
  if (!/^[0-9a-f]{64}$/.test(containerId)) return undefined;
  const root = opts.cgroupRoot ?? '/sys/fs/cgroup';
  const leaf = [`docker/${containerId}`, `system.slice/docker-${containerId}.scope`];
  const rels = [...leaf, ...V1_CONTROLLERS.flatMap((c) => leaf.map((l) => `${c}/${l}`)), ...leaf.map((l) => `unified/${l}`)];
  for (const rel of rels) {
    const out = new Set<number>();
    if (readProcsTree(path.join(root, rel), out, 8)) return [...out].sort((a, b) => a - b);
  }
  return undefined;
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
  const name = q.name;
  const nameComm = name !== undefined && Buffer.byteLength(name) > 15 ? Buffer.from(name).subarray(0, 15).toString('utf8') : name;

  const matchOne = (pid: number): ProcessInfo | undefined => {
    const seen: Seen = {};
    if (name !== undefined) {
      const comm = r.comm(pid);
      if (comm === GONE) return undefined;
      if (comm !== DENIED) seen.comm = comm;
      let ok = seen.comm === nameComm;
      if (!ok) {
        const exe = r.exe(pid);
        seen.exe = typeof exe === 'number' ? null : exe;
        seen.exeDenied = exe === DENIED;
        ok = seen.exe !== null && exeBasename(seen.exe) === name;
      }
      // No exe link (and not merely unreadable): no mm, so no command line to read.
      if (!ok && (seen.exe !== null || seen.exeDenied === true)) {
        const a = r.argv(pid);
        if (a === GONE) return undefined;
        if (a !== DENIED) {
          seen.argv = a;
          ok = a[0] !== undefined && posixBasename(a[0]) === name;
        }
      }
      if (!ok) return undefined;
    }
    if (q.pattern !== undefined) {
      if (seen.argv === undefined) {
        const a = r.argv(pid);
        if (a === GONE) return undefined;
        seen.argv = a === DENIED ? [] : a;
      }
      let text = seen.argv.join(' ');
      if (seen.argv.length === 0) {
        if (seen.comm === undefined) {
          const c = r.comm(pid);
          if (c === GONE) return undefined;
          if (c !== DENIED) seen.comm = c;
        }
        text = `[${seen.comm ?? ''}]`;
      }
      if (!patternMatches(q.pattern, text)) return undefined;
    }
    if (q.container !== undefined) {
      const cg = r.cgroup(pid);
      if (cg === GONE || cg === DENIED) return undefined;
      seen.cgroup = cg;
      if (!cgroupNamesContainer(cg, q.container)) return undefined;
    }
    const p = r.complete(pid, seen, { checkThread: q.pid !== undefined });
    return typeof p === 'object' ? p : p === 'changed' ? matchAgain(pid) : undefined;
  };
  let retried = false;
  const matchAgain = (pid: number): ProcessInfo | undefined => {
    if (retried) return undefined;
    retried = true;
    const p = matchOne(pid);
    retried = false;
    return p;
  };

  let pids: number[];
  if (q.pid !== undefined) {
    if (!Number.isSafeInteger(q.pid) || q.pid <= 0) return [];
    pids = [q.pid];
  } else {
    const useCgroup = q.container !== undefined && (opts.procRoot === undefined || opts.cgroupRoot !== undefined);
    const fromCgroup = useCgroup && q.container !== undefined ? containerPids(q.container, { cgroupRoot: opts.cgroupRoot }) : undefined;
    pids = fromCgroup ?? r.listPids();
  }
  const out: ProcessInfo[] = [];
  for (const pid of pids) {
    const p = matchOne(pid);
    if (p !== undefined) out.push(p);
  }
  return out.sort((a, b) => a.pid - b.pid);
}
