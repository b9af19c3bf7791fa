// Where the validation cache lives, and the safe file operations on it. The folder is ours alone
// (created with mode 0700, refused if it is a symbolic link, not ours, or open to others); files
// are read only when they are regular files of ours, written to a temporary file and renamed,
// and never replace anything that is not a regular file. Any failure means "no cache": the caller
// validates as if the cache were empty, and never sees an exception from here.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The cache folder: $ISOCHECK_CACHE_DIR, else $XDG_CACHE_HOME/isocheck, else ~/.cache/isocheck. */
export function cacheDir(env: NodeJS.ProcessEnv): string {
  if (env.ISOCHECK_CACHE_DIR) return path.resolve(env.ISOCHECK_CACHE_DIR);
  const xdg = env.XDG_CACHE_HOME;
  // The XDG spec: a relative XDG_CACHE_HOME is invalid and must be ignored.
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.cache');
  return path.join(base, 'isocheck');
}

const uid = (): number | undefined => process.getuid?.();

/** The folder's own checks: a real directory (not a link), ours, closed to group and others. */
function safeDir(st: fs.Stats): boolean {
  const me = uid();
  return st.isDirectory() && !st.isSymbolicLink() && (me === undefined || st.uid === me) && (process.platform === 'win32' || (st.mode & 0o077) === 0);
}

/** Create `dir` (and its parents) with mode 0700 if needed; true when it is safe to use. */
export function ensureDir(dir: string): boolean {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    return safeDir(fs.lstatSync(dir));
  } catch {
    return false;
  }
}

// O_NOFOLLOW: a symbolic link planted where a cache file should be is never followed.
const NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;

/** A regular file of ours, at most `limit` bytes, or undefined. */
export function readSafe(file: string, limit: number): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | NOFOLLOW | (fs.constants.O_NONBLOCK ?? 0));
    const st = fs.fstatSync(fd);
    const me = uid();
    if (!st.isFile() || (me !== undefined && st.uid !== me) || st.size > limit) return undefined;
    const buf = Buffer.allocUnsafe(st.size);
    let total = 0;
    while (total < st.size) {
      const n = fs.readSync(fd, buf, total, st.size - total, null);
      if (n === 0) break;
      total += n;
    }
    return buf.subarray(0, total);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Write `data` to `file` atomically: a new temporary file (O_EXCL, mode 0600) in the same folder,
 * then rename over the old one, unless what is there is not a regular file. False on any failure.
 */
export function writeAtomic(file: string, data: string | Uint8Array): boolean {
  const tmp = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | NOFOLLOW, 0o600);
    fs.writeFileSync(fd, data);
    fs.closeSync(fd);
    fd = undefined;
    const there = fs.lstatSync(file, { throwIfNoEntry: false });
    if (there !== undefined && !there.isFile()) throw new Error('not a regular file');
    fs.renameSync(tmp, file);
    return true;
  } catch {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    return false;
  }
}

/** A writer that died between creating its temporary file and renaming it left this behind. */
const STALE_TEMP_MS = 10 * 60 * 1000;
const TEMP = /\.tmp-\d+-[0-9a-z]+$/;

/**
 * Keep the folder's cache files (by name pattern) within `maxFiles` and `maxBytes`: the oldest go
 * first. Temporary files older than 10 minutes go too.
 */
export function prune(dir: string, pattern: RegExp, maxFiles: number, maxBytes: number): void {
  try {
    const names = fs.readdirSync(dir);
    for (const n of names.filter((name) => TEMP.test(name))) {
      const st = fs.lstatSync(path.join(dir, n), { throwIfNoEntry: false });
      if (st?.isFile() && Date.now() - st.mtimeMs > STALE_TEMP_MS) fs.rmSync(path.join(dir, n), { force: true });
    }
    const files = names
      .filter((n) => pattern.test(n))
      .map((n) => ({ file: path.join(dir, n), st: fs.lstatSync(path.join(dir, n), { throwIfNoEntry: false }) }))
      .filter((f): f is { file: string; st: fs.Stats } => f.st?.isFile() === true)
      .sort((a, b) => b.st.mtimeMs - a.st.mtimeMs);
    let bytes = 0;
    for (const [i, f] of files.entries()) {
      bytes += f.st.size;
      if (i >= maxFiles || bytes > maxBytes) fs.rmSync(f.file, { force: true });
    }
  } catch {
    // a cache that cannot be pruned is still correct; the next run tries again
  }
}
