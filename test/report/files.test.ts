import assert from 'node:assert/strict';
import { chmod, chown, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { XMLValidator } from 'fast-xml-parser';
import { REPORT_VERSION, type RunResult } from '../../src/execute/results.js';
import { writeFileAtomic } from '../../src/report/files/atomic.js';
import { ReportWriteError, fileTarget, writeReports } from '../../src/report/files/index.js';
import { renderJson } from '../../src/report/files/json.js';
import { FAILED, INTERRUPTED } from '../fixtures/results/replayed.js';

const failedRun = (): RunResult => FAILED.result;
const interruptedRun = (): RunResult => INTERRUPTED.result;

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'isocheck-report-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

void describe('JSON report', () => {
  void it('round-trips the RunResult with reportVersion and status', () => {
    const r = interruptedRun();
    const text = renderJson(r);
    assert.ok(text.endsWith('}\n'));
    assert.match(text, /\n {2}"reportVersion": 1,\n/, 'pretty-printed');
    const back = JSON.parse(text) as RunResult;
    assert.equal(back.reportVersion, REPORT_VERSION);
    assert.equal(back.status, 'interrupted');
    assert.equal(back.interruptedBy, 'SIGINT');
    assert.deepEqual(back, r);
  });
});

void describe('atomic writes', () => {
  void it('writes the whole file and leaves no temp file behind', async () => {
    const d = join(dir, 'atomic-ok');
    const target = join(d, 'report.txt');
    await writeFileAtomic(target, 'x'.repeat(100_000));
    assert.equal((await readFile(target, 'utf8')).length, 100_000);
    assert.deepEqual(await readdir(d), ['report.txt']);
  });

  void it('leaves the old file intact and removes the temp file when the write fails half-way', async () => {
    const d = join(dir, 'atomic-fail');
    const target = join(d, 'report.txt');
    await writeFileAtomic(target, 'old complete report\n');
    async function* halfThenFail(): AsyncGenerator<string> {
      yield 'new half';
      // Part of the new content is on disk (in the temp file) when the failure comes.
      assert.equal((await readdir(d)).length, 2);
      throw new Error('disk full');
    }
    await assert.rejects(writeFileAtomic(target, halfThenFail()), /disk full/);
    assert.equal(await readFile(target, 'utf8'), 'old complete report\n');
    assert.deepEqual(await readdir(d), ['report.txt']);
  });

  void it('keeps the permissions (and, as root, the owner) of the file it replaces', async () => {
    const target = join(dir, 'kept-mode.json');
    await writeFile(target, 'old');
    await chmod(target, 0o640);
    const root = process.getuid?.() === 0;
    if (root) await chown(target, 4321, 4322);
    const before = await stat(target);
    await writeFileAtomic(target, 'new');
    const now = await stat(target);
    assert.notEqual(now.ino, before.ino, 'replaced by rename');
    assert.equal(now.mode & 0o7777, 0o640);
    if (root) assert.deepEqual([now.uid, now.gid], [4321, 4322]);
    assert.equal(await readFile(target, 'utf8'), 'new');
  });

  void it('creates the target directory', async () => {
    const target = join(dir, 'a', 'b', 'c.txt');
    await writeFileAtomic(target, 'ok');
    assert.equal(await readFile(target, 'utf8'), 'ok');
  });
});

void describe('writeReports', () => {
  void it('writes the requested reports for a failed run and returns their paths', async () => {
    const d = join(dir, 'reports');
    const o = { junit: join(d, 'junit.xml'), json: join(d, 'run.json'), markdown: join(d, 'transcript.md'), normalize: true };
    const written = await writeReports(failedRun(), { junit: fileTarget(o.junit), json: fileTarget(o.json), markdown: fileTarget(o.markdown), normalize: true });
    assert.deepEqual(written, [o.junit, o.json, o.markdown]);
    assert.equal(XMLValidator.validate(await readFile(o.junit, 'utf8')), true);
    assert.equal((JSON.parse(await readFile(o.json, 'utf8')) as RunResult).status, 'failed');
    const md = await readFile(o.markdown, 'utf8');
    assert.match(md, /\*\*failed\*\*/);
    // normalize applies to the transcript only: the JSON keeps the real ids
    assert.ok(!md.includes(FAILED.world.runc));
    assert.ok((await readFile(o.json, 'utf8')).includes(FAILED.world.runc));
    assert.deepEqual((await readdir(d)).sort(), ['junit.xml', 'run.json', 'transcript.md']);
  });

  void it('writes only what was asked for', async () => {
    const d = join(dir, 'only-json');
    assert.deepEqual(await writeReports(interruptedRun(), { json: fileTarget(join(d, 'r.json')), normalize: false }), [join(d, 'r.json')]);
    assert.deepEqual(await readdir(d), ['r.json']);
  });

  void it('writes the others and says which failed when one cannot be written', async () => {
    const d = join(dir, 'one-fails');
    const blocker = join(dir, 'not-a-dir');
    await writeFile(blocker, 'a file where a directory should be');
    const o = { json: join(d, 'r.json'), junit: join(blocker, 'junit.xml'), normalize: false };
    const err = await writeReports(failedRun(), { json: fileTarget(o.json), junit: fileTarget(o.junit), normalize: false }).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof ReportWriteError, String(err));
    assert.deepEqual(err.written, [o.json]);
    assert.deepEqual(err.failures.map((f) => f.path), [o.junit]);
    assert.match(err.message, /cannot write report .*junit\.xml/);
    assert.deepEqual(await readdir(d), ['r.json']);
  });
});
