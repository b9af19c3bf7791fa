// Strict UTF-8 decoding of scenario files. A file that is not UTF-8 is refused with the line and
// column of its first bad byte, so the user can find it; nothing is guessed or replaced.

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export type Decoded = { ok: true; text: string } | { ok: false; offset: number; line: number; col: number };

/** Decode strictly; a leading BOM is dropped. On failure, where the first invalid byte is (1-based). */
export function decodeUtf8(bytes: Uint8Array): Decoded {
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    const offset = firstInvalidByte(bytes);
    // Everything before `offset` is valid UTF-8, so it decodes; count lines and characters in it.
    const before = decoder.decode(bytes.subarray(0, offset));
    const lastNl = before.lastIndexOf('\n');
    const line = countNewlines(before) + 1;
    const col = [...before.slice(lastNl + 1)].length + 1;
    return { ok: false, offset, line, col };
  }
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629). */
export function firstInvalidByte(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i] ?? 0;
    if (c < 0x80) {
      i++;
      continue;
    }
    let len: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) len = 2;
    else if (c >= 0xe0 && c <= 0xef) {
      len = 3;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f; // no UTF-16 surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      len = 4;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f; // nothing above U+10FFFF
    } else return i;
    for (let k = 1; k < len; k++) {
      const d = b[i + k];
      if (d === undefined) return i;
      const min = k === 1 ? lo : 0x80;
      const max = k === 1 ? hi : 0xbf;
      if (d < min || d > max) return i;
    }
    i += len;
  }
  return b.length;
}
