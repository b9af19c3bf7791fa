// Strict UTF-8: which byte sequences are refused and where the first bad byte is reported.
// Samples: byte sequences built here from RFC 3629's table of well-formed sequences.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeUtf8, firstInvalidByte } from '../../src/load/utf8.js';

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

describe('decodeUtf8', () => {
  it('decodes UTF-8, including 2-, 3- and 4-byte characters, and drops a BOM', () => {
    assert.deepEqual(decodeUtf8(bytes('name: Hyper-V 隔离 ü 😀\n')), { ok: true, text: 'name: Hyper-V 隔离 ü 😀\n' });
    assert.deepEqual(decodeUtf8(bytes([0xef, 0xbb, 0xbf], 'a: 1')), { ok: true, text: 'a: 1' });
  });

  it('refuses Latin-1 and reports line and column (in characters) of the first bad byte', () => {
    const r = decodeUtf8(bytes('a: 1\nb: 隔', [0xe9], 'x\n'));
    assert.equal(r.ok, false);
    assert.deepEqual(r.ok ? undefined : [r.line, r.col, r.offset], [2, 5, 11]);
  });

  it('finds the first bad byte of every kind of ill-formed sequence', () => {
    const cases: [number[], number][] = [
      [[0x61, 0x80], 1], // a lone continuation byte
      [[0xc0, 0xaf], 0], // overlong 2-byte
      [[0xe0, 0x80, 0xaf], 0], // overlong 3-byte
      [[0xed, 0xa0, 0x80], 0], // a UTF-16 surrogate
      [[0xf4, 0x90, 0x80, 0x80], 0], // above U+10FFFF
      [[0xf5, 0x80, 0x80, 0x80], 0], // no such lead byte
      [[0x61, 0x62, 0xe4, 0xb8], 2], // truncated at the end
      [[0xe4, 0x61, 0x61], 0], // lead byte followed by ASCII
    ];
    for (const [seq, at] of cases) {
      assert.equal(firstInvalidByte(Uint8Array.from(seq)), at, seq.map((b) => b.toString(16)).join(' '));
      assert.equal(decodeUtf8(Uint8Array.from(seq)).ok, false);
    }
    assert.equal(firstInvalidByte(bytes('ok 隔 😀')), bytes('ok 隔 😀').length);
  });
});
