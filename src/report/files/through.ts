// Writing a report through a special file: a FIFO, a character device (/dev/null, a terminal) or a
// file the shell opened for us (/dev/fd/N). The file is opened for writing only — never created,
// truncated or renamed over — so it is still the same file afterwards.
import { constants, open as openCb } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Socket } from 'node:net';

const C = constants;
// O_NOCTTY: opening a terminal must not make it our controlling terminal. O_APPEND: a file reached
// through /dev/fd/N (`--json /dev/fd/3 3>>log`) is appended to, as the shell's own descriptor would.
const THROUGH = C.O_WRONLY | C.O_APPEND | (C.O_NOCTTY ?? 0);

/** Writes `data` through the special file at `path` (links already resolved by the check). */
export async function writeThrough(path: string, data: string): Promise<void> {
  const st = await stat(path);
  if (st.isFIFO()) return writeFifo(path, data);
  if (st.isBlockDevice() || st.isDirectory() || st.isSocket()) throw new Error(`${path} is no longer a file isocheck may write to`);
  // No O_CREAT: if the device vanished since the check, fail instead of creating a regular file.
  const fh = await open(path, THROUGH);
  try {
    await fh.writeFile(data, 'utf8');
  } finally {
    await fh.close();
  }
}

/**
 * A FIFO is opened non-blocking, so a FIFO nobody reads fails at once (ENXIO) instead of hanging
 * the run in open(); the data then goes through a libuv pipe stream, which waits for the reader in
 * the event loop (signals keep working) and fails with EPIPE if the reader goes away.
 */
async function writeFifo(path: string, data: string): Promise<void> {
  const fd = await new Promise<number>((res, rej) => {
    openCb(path, C.O_WRONLY | C.O_NONBLOCK, (e, n) => {
      if (e?.code === 'ENXIO') rej(new Error(`no process is reading the FIFO ${path}`));
      else if (e) rej(e);
      else res(n);
    });
  });
  const sock = new Socket({ fd, readable: false, writable: true });
  try {
    await new Promise<void>((res, rej) => {
      sock.once('error', rej);
      sock.end(data, 'utf8', (e?: Error | null) => (e ? rej(e) : res()));
    });
  } finally {
    sock.destroy();
  }
}
