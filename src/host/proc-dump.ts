// The host's process table as a probe container sees it (`--pid=host`): one constant busybox `sh`
// script dumps /proc, and isocheck matches in Node with the same rules as host/linux-proc.ts.
// Nothing a scenario says reaches the script: it is a constant, and its only argument is a PID
// isocheck formatted itself.
//
// The dump is framed by line tags that process-controlled text cannot forge: every text line comes
// from `read -r` (so it holds no newline) behind a tag; an exe path with a newline is dropped; the
// command line (arbitrary bytes, NUL-separated) is hex from `od`, whose lines start with a space.
//   P <pid>            a new process record
//   S <stat line>      /proc/<pid>/stat (cut at a newline inside comm: then comm is unknown)
//   U <status line>    the Uid: and Tgid: lines of /proc/<pid>/status
//   G <cgroup line>    /proc/<pid>/cgroup
//   E <exe path>       readlink /proc/<pid>/exe (absent: kernel thread, zombie, or gone)
//   C                  followed by `od -An -v -tx1` lines of /proc/<pid>/cmdline
//   W <passwd line>    the engine host's /etc/passwd, for user names
//   END                the dump is complete (a cut-off dump is an error, never a shorter table)
import type { ProcessInfo } from '../model/process.js';
import { cgroupNamesContainer, containerIdFromCgroup } from '../parse/cgroup.js';
import { posixBasename } from '../parse/names.js';
import { exeBasename, parseCmdline, parseProcStat } from './linux-proc.js';
import { patternMatches, type HostQuery } from './query.js';

export const PROC_DUMP_SCRIPT = [
  'cd /proc || exit 3',
  // User names once per probe (the caller keeps them): $2 = "users".
  'if [ "$2" = users ]; then while IFS= read -r l; do printf "W %s\\n" "$l"; done 2>/dev/null < /proc/1/root/etc/passwd; fi',
  'if [ -n "$1" ]; then set -- "$1"; else set -- [0-9]*; fi',
  'for p in "$@"; do',
  '  IFS= read -r st 2>/dev/null < "$p/stat" || continue',
  '  printf "P %s\\nS %s\\n" "$p" "$st"',
  '  while IFS= read -r l; do case "$l" in Uid:*|Tgid:*) printf "U %s\\n" "$l";; esac; done 2>/dev/null < "$p/status"',
  '  while IFS= read -r l; do printf "G %s\\n" "$l"; done 2>/dev/null < "$p/cgroup"',
  // No exe link: a kernel thread or a zombie, whose command line is empty (skips one od each).
  '  e=$(readlink "$p/exe" 2>/dev/null) || continue',
  '  case "$e" in *"',
  '"*) ;; *) printf "E %s\\n" "$e";; esac',
  '  printf "C\\n"; od -An -v -tx1 "$p/cmdline" 2>/dev/null',
  'done',
  'printf "END\\n"',
].join('\n');

/** The argv after the engine's `exec <id>`: sh -c SCRIPT, the PID the query names (or ""), and "users" to dump user names. */
export function procDumpCommand(q: Pick<HostQuery, 'pid'>, withUsers = false): string[] {
  return ['sh', '-c', PROC_DUMP_SCRIPT, 'isocheck-probe', q.pid !== undefined ? String(q.pid) : '', ...(withUsers ? ['users'] : [])];
}

export interface ProcRecord {
  pid: number;
  stat?: ReturnType<typeof parseProcStat>;
  /** comm as far as the stat line shows it (cut at a newline: then not comparable). */
  comm?: string;
  tgid?: number;
  euid?: number;
  cgroup: string;
  exe?: string;
  argv: string[];
}

export class ProcDumpError extends Error {}

/** Parse the dump; users from the W lines. Throws ProcDumpError when the dump is cut off. */
export function parseProcDump(text: string): { records: ProcRecord[]; users: Map<number, string> } {
  const records: ProcRecord[] = [];
  const users = new Map<number, string>();
  let cur: (ProcRecord & { hex: string[]; cg: string[] }) | undefined;
  let inHex = false;
  let ended = false;
  const flush = (): void => {
    if (cur === undefined) return;
    const hex = cur.hex.join('').replace(/\s+/g, '');
    cur.argv = /^[0-9a-f]*$/.test(hex) && hex.length % 2 === 0 ? parseCmdline(Buffer.from(hex, 'hex')) : [];
    cur.cgroup = cur.cg.join('\n');
    const { hex: _h, cg: _c, ...rec } = cur;
    records.push(rec);
    cur = undefined;
  };
  for (const l of text.split('\n')) {
    if (inHex && l.startsWith(' ')) {
      cur?.hex.push(l);
      continue;
    }
    inHex = false;
    const tag = l.slice(0, 2);
    const rest = l.slice(2);
    if (l === 'END') {
      flush();
      ended = true;
    } else if (tag === 'P ') {
      flush();
      const pid = Number(rest);
      if (Number.isSafeInteger(pid) && pid > 0) cur = { pid, cgroup: '', argv: [], hex: [], cg: [] };
    } else if (tag === 'W ') {
      const f = rest.split(':');
      const id = Number(f[2]);
      if (f[0] && Number.isInteger(id) && !users.has(id)) users.set(id, f[0]);
    } else if (cur !== undefined) {
      if (tag === 'S ') {
        const st = parseProcStat(rest);
        if (st !== undefined) {
          cur.stat = st;
          cur.comm = st.comm;
        }
      } else if (tag === 'U ') {
        const m = /^(Uid|Tgid):\s*(\d+)(?:\s+(\d+))?/.exec(rest);
        if (m?.[1] === 'Tgid') cur.tgid = Number(m[2]);
        if (m?.[1] === 'Uid' && m[3] !== undefined) cur.euid = Number(m[3]);
      } else if (tag === 'G ') cur.cg.push(rest);
      else if (tag === 'E ') cur.exe = rest;
      else if (l === 'C') inHex = true;
    }
  }
  if (!ended) throw new ProcDumpError('the probe container\'s process dump was cut off (no END line)');
  return { records, users };
}

/** Whether a record matches every field of q: linux-proc.ts's rules (exact name by comm, exe or argv[0]). */
export function recordMatches(q: HostQuery, r: ProcRecord, ownedBy: (cgroupText: string, id: string) => boolean = cgroupNamesContainer): boolean {
  if (q.pid !== undefined && r.pid !== q.pid) return false;
  if (q.name !== undefined) {
    const nameComm = Buffer.byteLength(q.name) > 15 ? Buffer.from(q.name).subarray(0, 15).toString('utf8') : q.name;
    const ok = r.comm === nameComm || (r.exe !== undefined && exeBasename(r.exe) === q.name) || (r.argv[0] !== undefined && posixBasename(r.argv[0]) === q.name);
    if (!ok) return false;
  }
  if (q.pattern !== undefined && !patternMatches(q.pattern, r.argv.length > 0 ? r.argv.join(' ') : `[${r.comm ?? ''}]`)) return false;
  if (q.container !== undefined && !ownedBy(r.cgroup, q.container)) return false;
  return true;
}

const PF_KTHREAD = 0x00200000;

export function recordToProcess(r: ProcRecord, users: ReadonlyMap<number, string>): ProcessInfo {
  const name = r.comm ?? '?';
  const p: ProcessInfo = { pid: r.pid, name, cmdline: r.argv.length > 0 ? r.argv.join(' ') : `[${name}]` };
  if (r.stat !== undefined) p.ppid = r.stat.ppid;
  if (r.argv.length > 0) p.argv = r.argv;
  if (r.exe !== undefined) p.exe = r.exe;
  if (r.euid !== undefined) p.user = users.get(r.euid) ?? String(r.euid);
  const container = containerIdFromCgroup(r.cgroup);
  if (container !== undefined) p.container = container;
  p.extra = { state: r.stat?.state ?? '?', ...(r.stat !== undefined && (r.stat.flags & PF_KTHREAD) !== 0 ? { kind: 'kernel-thread' } : {}) };
  return p;
}
