// A bounded copy of one output stream: the first half of the cap and the last half, whatever the
// command writes. The pipe is still read to the end (the command is never blocked and never gets
// EPIPE); only what lies between is dropped, and counted.

/** What isocheck keeps of each of stdout and stderr, per command. */
export const OUTPUT_CAP_BYTES = 1024 * 1024;

export class CappedOutput {
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  /** Bytes the command wrote in total. */
  total = 0;

  constructor(readonly cap = OUTPUT_CAP_BYTES) {}

  push(chunk: Buffer): void {
    this.total += chunk.length;
    const headCap = Math.ceil(this.cap / 2);
    const tailCap = this.cap - headCap;
    let rest = chunk;
    if (this.headBytes < headCap) {
      const take = Math.min(rest.length, headCap - this.headBytes);
      this.head.push(rest.subarray(0, take));
      this.headBytes += take;
      rest = rest.subarray(take);
    }
    if (rest.length === 0 || tailCap === 0) return;
    // Copy a slice of an oversized chunk so the big buffer can be freed.
    if (rest.length > tailCap) rest = Buffer.from(rest.subarray(rest.length - tailCap));
    this.tail.push(rest);
    this.tailBytes += rest.length;
    while (this.tail.length > 1 && this.tailBytes - (this.tail[0]?.length ?? 0) >= tailCap) this.tailBytes -= this.tail.shift()?.length ?? 0;
  }

  /** Whether bytes were dropped. */
  get truncated(): boolean {
    return this.total > this.cap;
  }

  /** The kept text: all of it, or the first and the last half of the cap (decoded apart: a character cut at the seam cannot fuse). */
  text(): string {
    const tail = Buffer.concat(this.tail);
    if (!this.truncated) return Buffer.concat([...this.head, tail]).toString('utf8');
    return Buffer.concat(this.head).toString('utf8') + tail.subarray(tail.length - (this.cap - this.headBytes)).toString('utf8');
  }
}

const size = (n: number): string => (n % (1024 * 1024) === 0 ? `${n / 1024 / 1024} MiB` : n % 1024 === 0 ? `${n / 1024} KiB` : `${n} bytes`);

/** The line a report shows for a truncated stream: isocheck's cap, not the command failing. */
export function truncationNote(stream: 'stdout' | 'stderr', total: number, cap = OUTPUT_CAP_BYTES): string {
  return `${stream} truncated by isocheck at ${size(cap)}: the command wrote ${total} bytes; the first and the last ${size(cap / 2)} are kept`;
}
