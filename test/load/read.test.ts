// readScenarioBytes reads only regular files, through one descriptor, with a hard byte limit.
// Special files are made here under a temp folder (mkfifo, mknod, a listening socket, links);
// the real /dev is only read (/dev/zero, which never ends), never changed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { MAX_SCENARIO_BYTES, readScenarioBytes, readUpTo } from '../../src/load/read.js';

const windows = process.platform === 'win32';
let dir = '';
let server: net.Server | undefined;

/** A helper program's exit status (mkfifo, mknod); false when it is missing or not permitted. */
const made = (cmd: string, args: string[]): boolean => spawnSync(cmd, args).status === 0;

function refused(file: string, kind: RegExp): void {
  const r = readScenarioBytes(file);
  assert.equal(r.bytes, undefined);
  assert.deepEqual(r.problems.map((p) => [p.code, p.line, p.col, p.file]), [['not-a-file', 1, 1, file]]);
  assert.match(r.problems[0]?.message ?? '', kind);
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isocheck-read-'));
  if (windows) return;
  server = net.createServer();
  await new Promise<void>((resolve) => server?.listen(path.join(dir, 'socket.yaml'), resolve));
});

after(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('readScenarioBytes on special files', { skip: windows }, () => {
  it('refuses a FIFO with no writer at once (the open does not block), naming it', (t) => {
    const fifo = path.join(dir, 'x.yaml');
    if (!made('mkfifo', [fifo])) return t.skip('mkfifo is not available');
    refused(fifo, /is a FIFO \(named pipe\), not a regular file/);
  });

  it('refuses a symbolic link to a FIFO the same way', (t) => {
    const fifo = path.join(dir, 'target.fifo');
    if (!made('mkfifo', [fifo])) return t.skip('mkfifo is not available');
    fs.symlinkSync(fifo, path.join(dir, 'link.yaml'));
    refused(path.join(dir, 'link.yaml'), /is a FIFO/);
  });

  it('refuses a character device made with mknod in a temp folder (the null device, 1:3)', (t) => {
    const dev = path.join(dir, 'dev.yaml');
    if (!made('mknod', [dev, 'c', '1', '3'])) return t.skip('mknod needs root (CAP_MKNOD)');
    refused(dev, /is a character device/);
  });

  it('refuses /dev/zero (a device that never ends) without reading it', () => {
    refused('/dev/zero', /is a character device/);
  });

  it('refuses a socket and a directory named *.yaml', () => {
    refused(path.join(dir, 'socket.yaml'), /is a socket/);
    fs.mkdirSync(path.join(dir, 'folder.yaml'));
    refused(path.join(dir, 'folder.yaml'), /is a directory/);
  });

  it('still reports a missing file as not-found', () => {
    assert.equal(readScenarioBytes(path.join(dir, 'missing.yaml')).problems[0]?.code, 'not-found');
  });
});

describe('readScenarioBytes on regular files', () => {
  it('reads a regular file (and one behind a symbolic link) whole', () => {
    const file = path.join(dir, 'ok.yaml');
    fs.writeFileSync(file, 'name: x\n');
    fs.symlinkSync(file, path.join(dir, 'ok-link.yaml'));
    assert.equal(Buffer.from(readScenarioBytes(file).bytes ?? []).toString(), 'name: x\n');
    assert.equal(Buffer.from(readScenarioBytes(path.join(dir, 'ok-link.yaml')).bytes ?? []).toString(), 'name: x\n');
  });

  it('accepts exactly the limit and refuses one byte more, by size', () => {
    const file = path.join(dir, 'limit.yaml');
    fs.writeFileSync(file, Buffer.alloc(MAX_SCENARIO_BYTES, 0x61));
    assert.equal(readScenarioBytes(file).bytes?.byteLength, MAX_SCENARIO_BYTES);
    fs.appendFileSync(file, 'a');
    assert.equal(readScenarioBytes(file).problems[0]?.code, 'file-too-large');
  });
});

describe('readUpTo (the bounded read behind readScenarioBytes)', { skip: windows }, () => {
  it('stops at the limit when the size it was told is wrong (a file that grew since fstat)', () => {
    const file = path.join(dir, 'grown.yaml');
    fs.writeFileSync(file, Buffer.alloc(3 * MAX_SCENARIO_BYTES, 0x62));
    const fd = fs.openSync(file, 'r');
    try {
      assert.equal(readUpTo(fd, 10, MAX_SCENARIO_BYTES + 1).byteLength, MAX_SCENARIO_BYTES + 1);
    } finally {
      fs.closeSync(fd);
    }
  });

  it('reads past a size hint of 0 (files in /proc say 0) up to the end', () => {
    const fd = fs.openSync('/proc/self/status', 'r');
    try {
      assert.match(readUpTo(fd, 0, MAX_SCENARIO_BYTES + 1).toString(), /^Name:/);
    } finally {
      fs.closeSync(fd);
    }
  });

  it('reads a stream that never ends (/dev/zero) only up to the limit', () => {
    const fd = fs.openSync('/dev/zero', 'r');
    try {
      assert.equal(readUpTo(fd, 0, 4096 + 1).byteLength, 4097);
    } finally {
      fs.closeSync(fd);
    }
  });
});
