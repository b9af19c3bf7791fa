// checkReportPaths resolves --junit/--json/--markdown once, through every link, into the target
// writeReports uses; it refuses (UsageError bad-report-path, exit 2) what a report must never
// replace or clash with. Special files are made under a temp folder (mknod, mkfifo), never /dev.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { checkReportPaths, type ReportTargets } from '../../../src/cli/commands/report-paths.js';
import { ExitCode, UsageError } from '../../../src/errors.js';
import { charDevice, fifo, identity, link, needDevice, tempFolder } from '../../helpers/special-files.js';

let dir: string;
let scenario: string;
before(() => {
  dir = tempFolder('report-paths');
  scenario = path.join(dir, 'scenario.yaml');
  fs.writeFileSync(scenario, 'name: x\n');
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const check = (given: Parameters<typeof checkReportPaths>[0], cwd = dir): ReportTargets => checkReportPaths(given, { cwd, inputs: [scenario] });

function refused(given: Parameters<typeof checkReportPaths>[0], why: RegExp, cwd = dir): void {
  assert.throws(() => check(given, cwd), (e: unknown) => {
    assert.ok(e instanceof UsageError, String(e));
    assert.equal(e.code, 'bad-report-path');
    assert.equal(e.exitCode, ExitCode.invalid);
    assert.match(e.message, why);
    return true;
  });
}

void describe('report paths: regular files', () => {
  void it('resolves a relative path against the given cwd, not process.cwd()', () => {
    const sub = fs.mkdtempSync(path.join(dir, 'cwd-'));
    assert.notEqual(sub, process.cwd());
    assert.deepEqual(check({ json: 'r.json' }, sub).json, { kind: 'file', path: path.join(sub, 'r.json'), label: 'r.json' });
  });

  void it('resolves a link to a regular file to the file itself, so the link stays a link', () => {
    const real = path.join(dir, 'real.json');
    fs.writeFileSync(real, '{}');
    const l = link(dir, 'via-link.json', 'real.json');
    const l2 = link(dir, 'via-link2.json', l);
    assert.deepEqual(check({ json: l2 }).json, { kind: 'file', path: real, label: l2 });
  });

  void it('resolves a link to a file that does not exist yet to the file it will create', () => {
    const l = link(dir, 'dangling.json', 'not-yet.json');
    assert.deepEqual(check({ json: l }).json, { kind: 'file', path: path.join(dir, 'not-yet.json'), label: l });
  });

  void it('refuses a read-only file (checked as an ordinary user: root may write anything)', () => {
    const shared = fs.mkdtempSync(path.join(dir, 'ro-'));
    fs.chmodSync(dir, 0o711); // nobody may pass through this test's own temp folder
    fs.chmodSync(shared, 0o777);
    const ro = path.join(shared, 'ro.json');
    fs.writeFileSync(ro, '{}', { mode: 0o444 });
    const asRoot = process.getuid?.() === 0;
    // As root, the same check runs in a child process as user nobody (65534).
    const code = `import('${new URL('../../../src/cli/commands/report-paths.js', import.meta.url).href}').then((m) => {
      try { m.checkReportPaths({ json: ${JSON.stringify(ro)} }, { cwd: '/', inputs: [] }); console.log('accepted'); }
      catch (e) { console.log(e.code + ': ' + e.message); } })`;
    const out = asRoot
      ? spawnSync(process.execPath, ['--input-type=module', '-e', code], { uid: 65534, gid: 65534, encoding: 'utf8' }).stdout
      : (() => { try { check({ json: ro }); return 'accepted'; } catch (e) { return `${(e as UsageError).code}: ${(e as Error).message}`; } })();
    assert.match(out, /^bad-report-path: .*the file is read-only/);
  });

  void it('refuses a missing folder and a loop of links', () => {
    refused({ json: path.join(dir, 'no-such-folder', 'r.json') }, /does not exist/);
    link(dir, 'loop-a', 'loop-b');
    link(dir, 'loop-b', 'loop-a');
    refused({ json: path.join(dir, 'loop-a') }, /symbolic links/);
  });
});

void describe('report paths: special files are written through', () => {
  void it('a character device, directly and through a chain of links', (t) => {
    const dev = charDevice(dir, 'null', 1, 3);
    if (!needDevice(t, dev)) return;
    const chain = link(dir, 'chain1', link(dir, 'chain2', link(dir, 'chain3', 'null')));
    assert.deepEqual(check({ junit: dev }).junit, { kind: 'through', path: dev, label: dev });
    assert.deepEqual(check({ junit: chain }).junit, { kind: 'through', path: dev, label: chain });
    assert.equal(identity(dev).type, 'char');
  });

  void it('a FIFO and a link to one', () => {
    const f = fifo(dir, 'pipe');
    const l = link(dir, 'pipe-link', f);
    assert.deepEqual(check({ markdown: f }).markdown, { kind: 'through', path: f, label: f });
    assert.deepEqual(check({ markdown: l }).markdown, { kind: 'through', path: f, label: l });
  });

  void it('"-", /dev/stdout and a link to /proc/self/fd/1 are standard output; /proc/self/fd/2 is standard error', () => {
    assert.deepEqual(check({ json: '-' }).json, { kind: 'stdout', label: '-' });
    const out = link(dir, 'stdout', '/proc/self/fd/1');
    assert.deepEqual(check({ json: out }).json, { kind: 'stdout', label: out });
    assert.deepEqual(check({ json: '/dev/fd/1' }).json, { kind: 'stdout', label: '/dev/fd/1' });
    assert.deepEqual(check({ junit: `/proc/${process.pid}/fd/2` }).junit, { kind: 'stderr', label: `/proc/${process.pid}/fd/2` });
  });

  void it('another open descriptor (/dev/fd/N) is written through that open file', () => {
    const f = path.join(dir, 'fd-target.log');
    const fd = fs.openSync(f, 'a');
    try {
      const t = check({ json: `/dev/fd/${fd}` }).json;
      assert.deepEqual(t, { kind: 'through', path: `/proc/${process.pid}/fd/${fd}`, label: `/dev/fd/${fd}` });
    } finally {
      fs.closeSync(fd);
    }
  });
});

void describe('report paths: refused before anything runs', () => {
  void it('the input scenario, by name, through a link and through a hard link', () => {
    const before = fs.readFileSync(scenario);
    refused({ json: scenario }, /scenario file scenario\.yaml/);
    refused({ json: 'scenario.yaml' }, /scenario file/);
    refused({ junit: link(dir, 'scenario-link.xml', 'scenario.yaml') }, /scenario file/);
    const hard = path.join(dir, 'scenario-hard.json');
    fs.linkSync(scenario, hard);
    refused({ markdown: hard }, /scenario file/);
    assert.deepEqual(fs.readFileSync(scenario), before);
  });

  void it('two reports on one file: same name, another spelling, through a link, two "-"', () => {
    refused({ json: 'same.out', junit: 'same.out' }, /--junit is written there too/);
    refused({ json: './same.out', junit: path.join(dir, 'same.out') }, /written there too/);
    fs.writeFileSync(path.join(dir, 'exists.out'), '');
    refused({ json: link(dir, 'exists-link', 'exists.out'), markdown: 'exists.out' }, /written there too/);
    refused({ json: '-', junit: '-' }, /written there too/);
    refused({ json: '-', markdown: link(dir, 'stdout2', '/proc/self/fd/1') }, /written there too/);
  });

  void it('two reports on one FIFO or device, even through different links', (t) => {
    const f = fifo(dir, 'shared-pipe');
    refused({ json: f, junit: link(dir, 'shared-pipe-link', f) }, /written there too/);
    const dev = charDevice(dir, 'shared-null', 1, 3);
    if (!needDevice(t, dev)) return;
    refused({ json: link(dir, 'shared-null-link', dev), markdown: dev }, /written there too/);
  });

  void it('a path ending in "/" and an existing folder, even through a link', () => {
    refused({ json: 'out/' }, /ends in "\/", so it names a folder; give a file name, e.g\. out\/run\.json/);
    refused({ junit: dir + '/' }, /names a folder/);
    fs.mkdirSync(path.join(dir, 'folder'));
    refused({ markdown: 'folder' }, /it is a folder; give a file name, e\.g\. folder\/transcript\.md/);
    refused({ markdown: link(dir, 'folder-link', 'folder') }, /it is a folder/);
    refused({ json: '' }, /empty/);
  });

  void it('a block device and a socket', async (t) => {
    const sock = path.join(dir, 'sock');
    const server = net.createServer().listen(sock);
    await new Promise((r) => server.once('listening', r));
    try {
      refused({ json: sock }, /socket/);
      refused({ json: link(dir, 'sock-link', sock) }, /socket/);
    } finally {
      server.close();
    }
    const blk = path.join(dir, 'blk');
    // Made only to be refused: loop device numbers, never opened.
    if (spawnSync('mknod', [blk, 'b', '7', '200']).status !== 0) return t.skip('mknod needs root');
    refused({ json: blk }, /block device/);
    assert.equal(identity(blk).type, 'block');
  });
});
