// Bytes of a scenario file → text. Oversized files are refused before anything parses them
// (from the file's size, so a huge file is never read into memory), and the text must be UTF-8.
import fs from 'node:fs';
import type { Problem } from '../errors.js';
import { decodeUtf8 } from './utf8.js';

/** Scenario files are small; anything bigger is a mistake or an attack on the parser. */
export const MAX_SCENARIO_BYTES = 1024 * 1024;

export type Loaded = { text: string; problems: [] } | { text?: undefined; problems: Problem[] };

function problem(file: string, code: string, message: string, line = 1, col = 1): Problem {
  return { file, line, col, code, severity: 'error', message };
}

export function tooLarge(file: string, bytes: number): Problem {
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
  if (errno === 'EISDIR') return { code: 'read-error', message: 'is a directory' };
  return { code: 'read-error', message: `cannot read the file: ${err instanceof Error ? err.message : String(err)}` };
}

/**
 * Read a scenario file's bytes, refusing oversized files by their size first. Never throws.
 * Synchronous on purpose: for many small files it is ~3x faster than the promise API, and
 * validation of each file is synchronous anyway.
 */
export function readScenarioBytes(file: string): { bytes: Uint8Array; problems: [] } | { bytes?: undefined; problems: Problem[] } {
  try {
    const { size } = fs.statSync(file);
    if (size > MAX_SCENARIO_BYTES) return { problems: [tooLarge(file, size)] };
    const bytes = fs.readFileSync(file);
    if (bytes.byteLength > MAX_SCENARIO_BYTES) return { problems: [tooLarge(file, bytes.byteLength)] };
    return { bytes, problems: [] };
  } catch (err) {
    const { code, message } = errnoMessage(err);
    return { problems: [problem(file, code, message)] };
  }
}
