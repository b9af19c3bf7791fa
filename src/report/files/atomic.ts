// Atomic file writes: the data goes to a temp file in the target's own directory (same file
// system, so rename is atomic), is flushed, then renamed over the target. A reader never sees a
// half-written report, and a write that fails leaves the old file as it was and no temp behind.
// The replaced file's permissions (and, for root, its owner) are kept: a report someone made
// group-readable, or handed to another user, stays so. Only regular files are ever replaced.
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export type FileData = string | Iterable<string> | AsyncIterable<string>;

/** The temp name used for `target`: hidden, in the same directory, unique per call. */
export function tempPathFor(target: string): string {
  const abs = resolve(target);
  return join(dirname(abs), `.${basename(abs)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

async function existing(abs: string): Promise<Stats | undefined> {
  try {
    return await lstat(abs);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

export async function writeFileAtomic(target: string, data: FileData): Promise<void> {
  const abs = resolve(target);
  await mkdir(dirname(abs), { recursive: true });
  // Re-checked at write time: rename would replace a FIFO, device or link that appeared since the
  // CLI's check (or that a library caller passed) with a regular file.
  const old = await existing(abs);
  if (old && !old.isFile()) throw new Error(`${abs} is not a regular file; it is not replaced`);
  const tmp = tempPathFor(abs);
  let fh: FileHandle | undefined;
  try {
    fh = await open(tmp, 'wx');
    if (old) await keepOwnership(fh, old);
    if (typeof data === 'string') await fh.writeFile(data, 'utf8');
    else for await (const chunk of data) await fh.write(chunk, null, 'utf8');
    await fh.sync();
    await fh.close();
    fh = undefined;
    await rename(tmp, abs);
  } catch (e) {
    await fh?.close().catch(() => undefined);
    await rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
  await syncDir(dirname(abs));
}

async function keepOwnership(fh: FileHandle, old: Stats): Promise<void> {
  // Only root can give a file away; for anyone else the new file is theirs, as with any editor.
  if (process.getuid?.() === 0 && (old.uid !== 0 || old.gid !== 0)) await fh.chown(old.uid, old.gid);
  // Permission bits only: set-id bits are not carried over to a file isocheck wrote.
  await fh.chmod(old.mode & 0o777);
}

/** The rename is durable once the directory entry is on disk; best effort (not every OS can). */
async function syncDir(dir: string): Promise<void> {
  const d = await open(dir, 'r').catch(() => undefined);
  await d?.sync().catch(() => undefined);
  await d?.close().catch(() => undefined);
}
