// Atomic file writes: the data goes to a temp file in the target's own directory (same file
// system, so rename is atomic), is flushed, then renamed over the target. A reader never sees a
// half-written report, and a write that fails leaves the old file as it was and no temp behind.
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

export type FileData = string | Iterable<string> | AsyncIterable<string>;

/** The temp name used for `target`: hidden, in the same directory, unique per call. */
export function tempPathFor(target: string): string {
  const abs = resolve(target);
  return join(dirname(abs), `.${basename(abs)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

export async function writeFileAtomic(target: string, data: FileData): Promise<void> {
  const abs = resolve(target);
  await mkdir(dirname(abs), { recursive: true });
  const tmp = tempPathFor(abs);
  let fh: FileHandle | undefined;
  try {
    fh = await open(tmp, 'wx');
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
}
