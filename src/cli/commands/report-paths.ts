// Report paths are checked before anything runs: a typo in --json's folder must not cost a whole
// run (and its containers) only to fail at the end, and a report must never destroy what the user
// owns. Each path is resolved ONCE, against the CLI's working directory and through every link,
// into the target writeReports then uses as is (what was checked is what is written):
//   -                          → standard output (so is this process's own /dev/stdout)
//   a new or regular file      → replaced atomically; through a link, the link's final target is
//                                 replaced and the link stays a link
//   a FIFO, character device   → written through (opened for writing, never created or renamed)
//   /dev/fd/N, /proc/PID/fd/N  → written through the open file (appended to, never replaced)
//   folder, `dir/`, block device, socket, an input scenario, another report's file → exit 2
import fs from 'node:fs';
import path from 'node:path';
import { UsageError, oneLine } from '../../errors.js';
import type { ReportTarget } from '../../report/files/index.js';

export interface ReportPaths {
  junit?: string | undefined;
  json?: string | undefined;
  markdown?: string | undefined;
}
export type ReportTargets = { junit?: ReportTarget; json?: ReportTarget; markdown?: ReportTarget };

export interface ReportPathContext {
  /** Base of relative report paths: the CLI's working directory (io.cwd). */
  cwd: string;
  /** Every scenario file of the run (absolute): no report may overwrite one. */
  inputs: readonly string[];
}

const KINDS = ['junit', 'json', 'markdown'] as const;
const EXAMPLE = { junit: 'junit.xml', json: 'run.json', markdown: 'transcript.md' } as const;
const MAX_LINKS = 40; // the kernel's own limit (ELOOP)
// An open-file link: what /dev/fd, /dev/stdout and /proc/self/fd resolve to.
const FD_DIR = /^\/proc\/(\d+)(?:\/task\/\d+)?\/fd$/;

interface Resolved {
  target: ReportTarget;
  /** What the target is, to compare with inputs and other reports: dev:ino and/or resolved path. */
  ids: string[];
}

/** Resolves --junit/--json/--markdown to their targets, or throws a UsageError (exit 2, bad-report-path). */
export function checkReportPaths(given: ReportPaths, ctx: ReportPathContext): ReportTargets {
  const inputs = new Map<string, string>();
  for (const f of ctx.inputs) for (const id of idsOfInput(f)) inputs.set(id, f);
  const taken = new Map<string, string>();
  const out: ReportTargets = {};
  for (const kind of KINDS) {
    const p = given[kind];
    if (p === undefined) continue;
    const r = resolveReportPath(p, kind, ctx.cwd);
    for (const id of r.ids) {
      const input = inputs.get(id);
      if (input !== undefined) throw bad(p, `it is the scenario file ${path.relative(ctx.cwd, input) || input}, which a report must never overwrite`);
      const other = taken.get(id);
      if (other !== undefined) throw bad(p, `--${other} is written there too; give each report its own file`);
    }
    for (const id of r.ids) taken.set(id, kind);
    out[kind] = r.target;
  }
  return out;
}

function resolveReportPath(given: string, kind: (typeof KINDS)[number], cwd: string): Resolved {
  const label = oneLine(given);
  if (given === '-') return { target: { kind: 'stdout', label }, ids: streamIds(1) };
  if (given === '') throw bad(given, 'the path is empty');
  if (given.endsWith('/') || given.endsWith(path.sep)) throw bad(given, `it ends in "${given.slice(-1)}", so it names a folder; give a file name, e.g. ${path.join(given, EXAMPLE[kind])}`);
  let cur = path.resolve(cwd, given);
  for (let hop = 0; hop <= MAX_LINKS; hop++) {
    const dir = realFolder(path.dirname(cur), given);
    const full = path.join(dir, path.basename(cur));
    const fdDir = FD_DIR.exec(dir);
    if (fdDir) return openFileLink(given, label, full, Number(fdDir[1]));
    const st = lstatOrUndefined(full, given);
    if (st === undefined) {
      writableFolder(dir, given);
      return { target: { kind: 'file', path: full, label }, ids: [`path:${full}`] };
    }
    if (st.isSymbolicLink()) {
      cur = path.resolve(dir, fs.readlinkSync(full));
      continue;
    }
    if (st.isFile()) {
      writableFolder(dir, given);
      if (!writable(full)) throw bad(given, 'the file is read-only');
      return { target: { kind: 'file', path: full, label }, ids: [identity(st), `path:${full}`] };
    }
    return { target: { kind: 'through', path: special(given, full, st, kind), label }, ids: [identity(st)] };
  }
  throw bad(given, `more than ${MAX_LINKS} symbolic links (a loop?)`);
}

/** /dev/stdout, /dev/fd/N, /proc/self/fd/N: an already open file, written through that file. */
function openFileLink(given: string, label: string, full: string, pid: number): Resolved {
  const name = path.basename(full);
  const fd = /^\d+$/.test(name) ? Number(name) : -1;
  if (pid === process.pid && (fd === 1 || fd === 2)) return { target: { kind: fd === 1 ? 'stdout' : 'stderr', label }, ids: streamIds(fd) };
  let st: fs.Stats;
  try {
    st = fs.statSync(full);
  } catch {
    throw bad(given, `file descriptor ${name} is not open`);
  }
  if (st.isSocket()) throw bad(given, `file descriptor ${name} is a socket, which cannot be opened by name; use "-" for standard output`);
  if (st.isDirectory()) throw bad(given, `file descriptor ${name} is a folder`);
  if (st.isBlockDevice()) throw bad(given, 'it is a block device (a disk); isocheck never writes a report onto one');
  return { target: { kind: 'through', path: full, label }, ids: [identity(st)] };
}

function special(given: string, full: string, st: fs.Stats, kind: (typeof KINDS)[number]): string {
  if (st.isDirectory()) throw bad(given, `it is a folder; give a file name, e.g. ${path.join(given, EXAMPLE[kind])}`);
  if (st.isBlockDevice()) throw bad(given, 'it is a block device (a disk); isocheck never writes a report onto one');
  if (st.isSocket()) throw bad(given, 'it is a socket; a report can go to a file, a FIFO, a character device or "-"');
  if (!writable(full)) throw bad(given, `the ${st.isFIFO() ? 'FIFO' : 'device'} is not writable`);
  return full; // a FIFO or a character device
}

/** The folder with every link resolved; a missing folder is refused (reports never create folders). */
function realFolder(dir: string, given: string): string {
  let real: string;
  try {
    real = fs.realpathSync.native(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') throw bad(given, `${dir} is not a folder`);
    if (code === 'ELOOP') throw bad(given, `${dir} has a loop of symbolic links`);
    throw bad(given, `folder ${dir} does not exist`);
  }
  if (!fs.statSync(real).isDirectory()) throw bad(given, `${dir} is not a folder`);
  return real;
}

function writableFolder(dir: string, given: string): void {
  if (!writable(dir)) throw bad(given, `folder ${dir} is not writable`);
}

function writable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function lstatOrUndefined(p: string, given: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw bad(given, `cannot look at ${p}: ${(e as Error).message}`);
  }
}

const identity = (st: fs.Stats): string => `ino:${st.dev}:${st.ino}`;

/**
 * Standard output/error redirected to a file are compared by that file (`--json - >run.json
 * --junit run.json`); a terminal or pipe shared by both streams is not a clash.
 */
function streamIds(fd: 1 | 2): string[] {
  try {
    const st = fs.fstatSync(fd);
    return st.isFile() ? [`fd:${fd}`, identity(st)] : [`fd:${fd}`];
  } catch {
    return [`fd:${fd}`];
  }
}

function idsOfInput(file: string): string[] {
  const ids = [`path:${file}`];
  try {
    ids.push(identity(fs.statSync(file)), `path:${fs.realpathSync.native(file)}`);
  } catch {
    // an input that vanished cannot be overwritten by a report either
  }
  return ids;
}

const bad = (given: string, why: string): UsageError => new UsageError('bad-report-path', `cannot write report ${given}: ${why}`);
