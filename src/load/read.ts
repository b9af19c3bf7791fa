// Bytes of a scenario file → text. Only regular files are read, through one descriptor and with a
// hard byte limit (a huge or growing file is never read into memory), and the text must be UTF-8.
import fs from 'node:fs';
import type { Problem } from '../errors.js';
import { decodeUtf8 } from './utf8.js';

/** Scenario files are small; anything bigger is a mistake or an attack on the parser. */
export const MAX_SCENARIO_BYTES = 1024 * 1024;

export type Loaded = { text: string; problems: [] } | { text?: undefined; problems: Problem[] };

function problem(file: string, code: string, message: string, line = 1, col = 1): Problem {
  return { file, line, col, code, severity: 'error', message };
}

/** `atLeast`: the read stopped at the limit (the file grew while read), so its size is not known. */
export function tooLarge(file: string, bytes: number, atLeast = false): Problem {
  if (atLeast) return problem(file, 'file-too-large', 'file is over 1 MiB; scenario files are limited to 1 MiB');
  const size = bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} kB`;
  return problem(file, 'file-too-large', `file is ${size}; scenario files are limited to 1 MiB`);
}

/** Decode in-memory content as if it were read from `file`. */
export function decodeScenario(file: string, content: string | Uint8Array): Loaded {
  if (typeof content === 'string') {
    const text = content.startsWith('\uFEFF') ? content.slice(1) : content;
    const bytes = Buffer.byteLength(text, 'utf8'); // measures without encoding a copy
    return bytes > MAX_SCENARIO_BYTES ? { problems: [tooLarge(file, bytes)] } : { text, problems: [] };
  }
  if (content.byteLength > MAX_SCENARIO_BYTES) return { problems: [tooLarge(file, content.byteLength)] };
  const decoded = decodeUtf8(content);
  if (decoded.ok) return { text: decoded.text, problems: [] };
  const byte = content[decoded.offset] ?? 0;
  const message = `file is not valid UTF-8: byte 0x${byte.toString(16).padStart(2, '0')} at offset ${decoded.offset}; save it as UTF-8`;
  return { problems: [problem(file, 'encoding', message, decoded.line, decoded.col)] };
}

function errnoMessage(err: unknown): { code: string; message: string } {
  const errno = (err as NodeJS.ErrnoException | undefined)?.code;
  if (errno === 'ENOENT') return { code: 'not-found', message: 'no such file or directory' };
  if (errno === 'EACCES' || errno === 'EPERM') return { code: 'read-error', message: 'permission denied' };
  if (errno === 'EISDIR') return notAFileMessage('a directory');
  return { code: 'read-error', message: `cannot read the file: ${err instanceof Error ? err.message : String(err)}` };
}

/** What a non-regular file is, in words ("a FIFO (named pipe)"); undefined for a regular file. */
export function specialKind(st: fs.Stats): string | undefined {
  if (st.isFile()) return undefined;
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

function notAFileMessage(kind: string): { code: string; message: string } {
  return { code: 'not-a-file', message: `is ${kind}, not a regular file; a scenario must be a regular file` };
}

// O_NONBLOCK: opening a FIFO with no writer (or a device waiting for a line) must not block; it
// changes nothing for regular files. O_NOCTTY: a terminal is never made our controlling one.
// Both are 0 where the platform has no such flag (Windows).
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOCTTY ?? 0);
const CHUNK = 64 * 1024;

/** Read at most `limit` bytes through `fd`, whatever its size said: a file may grow while read. */
export function readUpTo(fd: number, sizeHint: number, limit: number): Buffer {
  let buf = Buffer.allocUnsafe(Math.min(Math.max(sizeHint + 1, CHUNK), limit));
  let total = 0;
  for (;;) {
    if (total === buf.length) {
      if (buf.length >= limit) break;
      const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, limit));
      buf.copy(bigger, 0, 0, total);
      buf = bigger;
    }
    const n = fs.readSync(fd, buf, total, buf.length - total, null);
    if (n === 0) break;
    total += n;
  }
  return buf.subarray(0, total);
}

/**
 * Read a scenario file's bytes. Only a regular file is read (a FIFO, device, socket or folder is
 * refused as `not-a-file`, at once, before it could block or stream forever), and never more than
 * MAX_SCENARIO_BYTES + 1 bytes, whatever `stat` says. The kind is checked on the path first (so a
 * device is not even opened) and again on the opened descriptor (so a swap in between is caught).
 * Never throws. Synchronous on purpose: for many small files it is ~3x faster than the promise API,
 * and each read is bounded.
 */
export function readScenarioBytes(file: string): { bytes: Uint8Array; problems: [] } | { bytes?: undefined; problems: Problem[] } {
  let fd: number | undefined;
  const refuse = ({ code, message }: { code: string; message: string }) => ({ problems: [problem(file, code, message)] });
  try {
    const kind = specialKind(fs.statSync(file));
    if (kind !== undefined) return refuse(notAFileMessage(kind));
    fd = fs.openSync(file, OPEN_FLAGS);
    const st = fs.fstatSync(fd);
    const opened = specialKind(st);
    if (opened !== undefined) return refuse(notAFileMessage(opened));
    if (st.size > MAX_SCENARIO_BYTES) return { problems: [tooLarge(file, st.size)] };
    const bytes = readUpTo(fd, st.size, MAX_SCENARIO_BYTES + 1);
    if (bytes.byteLength > MAX_SCENARIO_BYTES) return { problems: [tooLarge(file, bytes.byteLength, true)] };
    return { bytes, problems: [] };
  } catch (err) {
    return refuse(errnoMessage(err));
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
