// Writing fleet reports goes through the single-target machinery: checked targets, atomic files,
// `-` to standard output, and every report attempted when one of them cannot be written.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileTarget, ReportWriteError } from '../../../src/report/files/index.js';
import { writeFleetReports } from '../../../src/report/fleet/index.js';
import { CaptureStream } from '../capture.js';
import { mixedFleet } from './fleets.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isocheck-fleet-write-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

void describe('writing fleet reports', () => {
  void it('writes each requested report, the JSON to standard output for "-"', async () => {
    const stdout = new CaptureStream();
    const junit = path.join(dir, 'fleet.xml');
    const markdown = path.join(dir, 'fleet.md');
    const written = await writeFleetReports(mixedFleet(), { junit: fileTarget(junit), json: { kind: 'stdout', label: '-' }, markdown: fileTarget(markdown), normalize: true, streams: { stdout, stderr: new CaptureStream() } });
    assert.deepEqual(written, [junit, '-', markdown]);
    assert.equal((JSON.parse(stdout.text) as { kind: string }).kind, 'fleet');
    assert.match(fs.readFileSync(junit, 'utf8'), /<testsuite name="edge \/ /);
    assert.match(fs.readFileSync(markdown, 'utf8'), /^# isocheck fleet run\n[\s\S]*started <time>/);
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temp file left');
  });

  void it('still writes the others when one cannot be written, and names the one that failed', async () => {
    const blocker = path.join(dir, 'a-file');
    fs.writeFileSync(blocker, 'x');
    const json = path.join(dir, 'ok.json');
    const bad = path.join(blocker, 'under-a-file.xml'); // its folder is a regular file
    const e = await writeFleetReports(mixedFleet(), { junit: fileTarget(bad), json: fileTarget(json), normalize: false }).then(() => undefined, (x: unknown) => x);
    assert.ok(e instanceof ReportWriteError, String(e));
    assert.deepEqual(e.written, [json]);
    assert.deepEqual(e.failures.map((f) => f.path), [bad]);
    assert.equal((JSON.parse(fs.readFileSync(json, 'utf8')) as { targets: unknown[] }).targets.length, 3);
  });
});
