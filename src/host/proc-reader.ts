// One process's /proc files, each read on demand (see proc-files.ts for the errors): the query
// (linux-proc.ts) reads the cheap ones while matching and the rest only for what is used.
import fs from 'node:fs';
import { DENIED, GONE, ProcReadError, failure, parseCmdline, parseStat, readBytes, readText } from './proc-files.js';
import type { Fail, Stat } from './proc-files.js';

export class ProcReader {
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

  /** comm, state, ppid, flags and start time in one read. */
  stat(pid: number): Stat | Fail {
    const t = readText(this.file(pid, 'stat'));
    if (typeof t === 'number') return t;
    return parseStat(t) ?? GONE;
  }

  /** The command line's bytes in the shared buffer: valid until the next read. */
  cmdline(pid: number): Buffer | Fail {
    return readBytes(this.file(pid, 'cmdline'));
  }

  argv(pid: number): string[] | Fail {
    const b = this.cmdline(pid);
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
}

export { DENIED, GONE };
