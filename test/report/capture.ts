// A writable stream that keeps what reporters write, for assertions.
import { Writable } from 'node:stream';

export class CaptureStream extends Writable {
  chunks: string[] = [];
  isTTY: boolean;
  columns = 120;
  rows = 200;

  constructor(isTTY = false) {
    super({ decodeStrings: false });
    this.isTTY = isTTY;
  }

  override _write(chunk: unknown, _enc: BufferEncoding, cb: (error?: Error | null) => void): void {
    this.chunks.push(String(chunk));
    cb();
  }

  get text(): string {
    return this.chunks.join('');
  }

  get lines(): string[] {
    return this.text.split('\n').filter((l, i, a) => !(i === a.length - 1 && l === ''));
  }
}
