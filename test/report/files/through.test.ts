// Reports written through special files made under a temp folder (never the real /dev): the file
// receives the report and is afterwards exactly what it was (type, inode, device numbers, link).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { checkReportPaths } from '../../../src/cli/commands/report-paths.js';
import { ReportWriteError, writeFileAtomic, writeReports, writeThrough } from '../../../src/report/files/index.js';
import { failedRun } from '../../fixtures/results/builders.js';
import { assertUnchanged, charDevice, fifo, identity, link, needDevice, tempFolder } from '../../helpers/special-files.js';

let dir: string;
before(() => {
  dir = tempFolder('through');
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A reader on the FIFO (a real `cat` process); resolves to all it read. */
function readFifo(p: string): Promise<string> {
  const cat = spawn('cat', [p]);
  let out = '';
  cat.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((res) => cat.on('close', () => res(out)));
}

/**
 * Waits until the reader has the FIFO open: a non-blocking open for writing succeeds only then.
 * The probe stays open (closing it would be the reader's end of file) until the caller closes it.
 */
async function readerReady(p: string): Promise<number> {
  for (;;) {
    try {
      return fs.openSync(p, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
    } catch {
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

void describe('writing through special files', () => {
  void it('a character device made like /dev/null stays that device', async (t) => {
    const dev = charDevice(dir, 'null', 1, 3);
    if (!needDevice(t, dev)) return;
    const was = identity(dev);
    await writeThrough(dev, 'x'.repeat(200_000));
    assertUnchanged(dev, was);
  });

  void it('a device that refuses the write (like /dev/full) is a write error and stays that device', async (t) => {
    const dev = charDevice(dir, 'full', 1, 7);
    if (!needDevice(t, dev)) return;
    const was = identity(dev);
    await assert.rejects(writeThrough(dev, 'report'), /ENOSPC/);
    assertUnchanged(dev, was);
  });

  void it('a FIFO with a reader gets the whole report (larger than a pipe buffer) and stays a FIFO', { timeout: 60_000 }, async () => {
    const f = fifo(dir, 'read-pipe');
    const was = identity(f);
    const got = readFifo(f);
    const probe = await readerReady(f);
    const data = 'y'.repeat(1_000_000);
    await writeThrough(f, data);
    fs.closeSync(probe);
    assert.equal((await got).length, data.length);
    assertUnchanged(f, was);
  });

  void it('a FIFO nobody reads fails at once with a clear error instead of hanging, and stays a FIFO', { timeout: 60_000 }, async () => {
    const f = fifo(dir, 'lonely-pipe');
    const was = identity(f);
    await assert.rejects(writeThrough(f, 'report'), /no process is reading the FIFO/);
    assertUnchanged(f, was);
  });

  void it('an open file reached through /dev/fd/N is appended to, not replaced', async () => {
    const log = path.join(dir, 'appended.log');
    fs.writeFileSync(log, 'before\n');
    const fd = fs.openSync(log, 'a');
    try {
      const was = identity(log);
      await writeThrough(`/proc/${process.pid}/fd/${fd}`, 'report\n');
      assert.equal(fs.readFileSync(log, 'utf8'), 'before\nreport\n');
      assertUnchanged(log, was);
    } finally {
      fs.closeSync(fd);
    }
  });

  void it('writeFileAtomic refuses to rename over a FIFO, a device or a link', async (t) => {
    const f = fifo(dir, 'not-replaced-pipe');
    const l = link(dir, 'not-replaced-link', f);
    for (const p of [f, l]) {
      const was = identity(p);
      await assert.rejects(writeFileAtomic(p, 'report'), /not a regular file/);
      assertUnchanged(p, was);
    }
    const dev = charDevice(dir, 'not-replaced-null', 1, 3);
    if (!needDevice(t, dev)) return;
    const was = identity(dev);
    await assert.rejects(writeFileAtomic(dev, 'report'), /not a regular file/);
    assertUnchanged(dev, was);
  });
});

void describe('writeReports with checked targets', () => {
  void it('writes a device, a FIFO, a link to a file and standard output, and replaces none of them', async (t) => {
    const dev = charDevice(dir, 'wr-null', 1, 3);
    if (!needDevice(t, dev)) return;
    const devLink = link(dir, 'wr-null-link', link(dir, 'wr-null-link2', dev));
    const real = path.join(dir, 'wr-real.xml');
    fs.writeFileSync(real, 'old');
    const fileLink = link(dir, 'wr-file-link', 'wr-real.xml');
    const before = { devLink: identity(devLink), dev: identity(dev), fileLink: identity(fileLink) };
    const chunks: string[] = [];
    const stdout = new Writable({ write: (c: Buffer, _e, done) => { chunks.push(c.toString()); done(); } });
    const targets = checkReportPaths({ json: devLink, junit: fileLink, markdown: '-' }, { cwd: dir, inputs: [] });
    const written = await writeReports(failedRun(), { ...targets, normalize: false, streams: { stdout, stderr: stdout } });
    assert.deepEqual(written, [fileLink, devLink, '-']);
    assertUnchanged(devLink, before.devLink);
    assertUnchanged(dev, before.dev);
    // The link to a regular file is still a link; the file it names holds the new report.
    assert.equal(identity(fileLink).type, 'symlink');
    assert.equal(identity(fileLink).linkTo, 'wr-real.xml');
    assert.match(fs.readFileSync(real, 'utf8'), /^<\?xml/);
    assert.match(chunks.join(''), /^# /m, 'the transcript went to standard output');
  });

  void it('a FIFO without a reader fails that report only; the others are written', async () => {
    const f = fifo(dir, 'wr-lonely');
    const was = identity(f);
    const targets = checkReportPaths({ json: path.join(dir, 'wr-ok.json'), junit: f }, { cwd: dir, inputs: [] });
    const err = await writeReports(failedRun(), { ...targets, normalize: false }).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof ReportWriteError, String(err));
    assert.deepEqual(err.written, [path.join(dir, 'wr-ok.json')]);
    assert.match(err.message, /no process is reading the FIFO/);
    assertUnchanged(f, was);
  });
});
