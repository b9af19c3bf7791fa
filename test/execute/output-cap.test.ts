// CappedOutput: a bounded copy of a stream, fed the way a pipe delivers it (chunks of any size).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { CappedOutput, OUTPUT_CAP_BYTES, truncationNote } from '../../src/execute/output-cap.js';

const feed = (cap: number, chunks: string[]): CappedOutput => {
  const c = new CappedOutput(cap);
  for (const s of chunks) c.push(Buffer.from(s));
  return c;
};

void it('keeps everything up to the cap, however it is chunked', () => {
  for (const chunks of [['abcdefghij'], ['abc', 'defg', 'hij'], 'abcdefghij'.split('')]) {
    const c = feed(10, chunks);
    assert.equal(c.text(), 'abcdefghij');
    assert.equal(c.truncated, false);
    assert.equal(c.total, 10);
  }
});

void it('beyond the cap keeps the first and the last half, whatever the chunk sizes', () => {
  const all = 'HHHHH' + 'm'.repeat(1000) + 'TTTTT';
  for (const size of [1, 3, 7, 64, 2000]) {
    const chunks: string[] = [];
    for (let i = 0; i < all.length; i += size) chunks.push(all.slice(i, i + size));
    const c = feed(10, chunks);
    assert.equal(c.text(), 'HHHHHTTTTT', `chunks of ${size}`);
    assert.equal(c.truncated, true);
    assert.equal(c.total, all.length);
  }
});

void it('a multi-byte character split across chunks survives when nothing is dropped', () => {
  const b = Buffer.from('aé✓b');
  const c = new CappedOutput(64);
  for (let i = 0; i < b.length; i++) c.push(b.subarray(i, i + 1));
  assert.equal(c.text(), 'aé✓b');
});

void it('the note names isocheck\'s cap, the total and what is kept', () => {
  assert.equal(OUTPUT_CAP_BYTES, 1024 * 1024);
  assert.equal(truncationNote('stdout', 62914560), 'stdout truncated by isocheck at 1 MiB: the command wrote 62914560 bytes; the first and the last 512 KiB are kept');
});
