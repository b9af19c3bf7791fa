// Reports pointed at special files, through the real CLI: a report path is a place the user owns,
// and nothing that is not a regular file is ever replaced. Every special file is made under a temp
// folder (mknod, mkfifo) or inside a private mount namespace with its own /dev (unshare --mount and
// a tmpfs over /dev in the child only) — never the real /dev. After each run the file is checked to
// be the same type, inode and device numbers (links: the same link text).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BIN, ROOT, runCli, type CliRun } from '../helpers/cli.js';
import { assertUnchanged, charDevice, fifo, identity, link, needDevice, tempFolder } from '../helpers/special-files.js';

const SCENARIO = 'name: trivial\ndescription: one host command\nsteps:\n  - { id: t, kind: command, command: ["true"] }\n';
const ran = (r: CliRun): boolean => r.code === 0 || r.code === 3; // 3: no engine, reports still written

function setup(prefix: string): { dir: string; scenario: string } {
  const dir = tempFolder(`rel-${prefix}`);
  const scenario = path.join(dir, 'trivial.yaml');
  fs.writeFileSync(scenario, SCENARIO);
  return { dir, scenario };
}

test('a device, directly and through a chain of links, is written through and stays a device', (t) => {
  const { dir, scenario } = setup('device');
  const dev = charDevice(dir, 'null', 1, 3);
  if (!needDevice(t, dev)) return;
  const chain = link(dir, 'a', link(dir, 'b', link(dir, 'c', 'null')));
  const before = { dev: identity(dev), a: identity(chain), b: identity(path.join(dir, 'b')), c: identity(path.join(dir, 'c')) };
  const r = runCli(['run', scenario, '--renderer', 'plain', '--json', dev, '--junit', path.join(dir, 'out.xml'), '--markdown', chain.replace(/a$/, 'b')]);
  // json and markdown both end at the same device: refused as one target written twice.
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /--json is written there too; .*\[bad-report-path\]/);
  const r2 = runCli(['run', scenario, '--renderer', 'plain', '--junit', chain]);
  assert.ok(ran(r2), r2.stderr);
  assertUnchanged(dev, before.dev);
  assertUnchanged(chain, before.a);
  assertUnchanged(path.join(dir, 'b'), before.b);
  assertUnchanged(path.join(dir, 'c'), before.c);
  t.diagnostic(`device ${dev} and links a→b→c→null unchanged after --json/--junit through them`);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a FIFO with a reader gets the whole report and stays a FIFO', { timeout: 120_000 }, async () => {
  const { dir, scenario } = setup('fifo-reader');
  const f = fifo(dir, 'pipe');
  const l = link(dir, 'pipe-link', 'pipe');
  const was = identity(f);
  const cat = spawn('cat', [f]);
  let got = '';
  cat.stdout.on('data', (d: Buffer) => (got += d.toString()));
  const closed = new Promise((res) => cat.on('close', res));
  try {
    const r = await runAsync(['run', scenario, '--renderer', 'plain', '--json', l]);
    assert.ok(ran(r), r.stderr);
    assertUnchanged(f, was); // before waiting for cat: had the FIFO been replaced, cat would wait forever
    await closed;
    assert.equal((JSON.parse(got) as { reportVersion: number }).reportVersion, 1);
  } finally {
    cat.kill('SIGKILL');
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a FIFO nobody reads is a report-write error at once (exit 1), not a hang, and stays a FIFO', (t) => {
  const { dir, scenario } = setup('fifo-lonely');
  const f = fifo(dir, 'pipe');
  const was = identity(f);
  const r = runCli(['run', scenario, '--renderer', 'plain', '--json', f, '--junit', path.join(dir, 'ok.xml')], { timeoutMs: 60_000 });
  assert.equal(r.signal, null, 'the CLI ended by itself');
  if (r.code !== 3) assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /cannot write report .*pipe: no process is reading the FIFO .*\[report-write\]/);
  assert.ok(fs.existsSync(path.join(dir, 'ok.xml')), 'the other report was written');
  assertUnchanged(f, was);
  t.diagnostic(`FIFO without reader: exit ${r.code} after ${r.ms} ms (whole run)`);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a chain of links to a regular file: the file is replaced atomically, every link stays a link', () => {
  const { dir, scenario } = setup('file-chain');
  const real = path.join(dir, 'real.json');
  fs.writeFileSync(real, 'old', { mode: 0o640 });
  fs.chmodSync(real, 0o640);
  const chain = link(dir, 'x', link(dir, 'y', 'real.json'));
  const linkOf = (p: string): { type: string; linkTo?: string } => ({ type: identity(p).type, linkTo: identity(p).linkTo });
  const before = { x: linkOf(chain), y: linkOf(path.join(dir, 'y')) };
  const r = runCli(['run', scenario, '--renderer', 'plain', '--json', chain]);
  assert.ok(ran(r), r.stderr);
  // The links are the same links; the file at the end is a new inode (renamed into place).
  assert.deepEqual(linkOf(chain), before.x);
  assert.deepEqual(linkOf(path.join(dir, 'y')), before.y);
  assert.equal(before.x.type, 'symlink');
  assert.equal((JSON.parse(fs.readFileSync(real, 'utf8')) as { reportVersion: number }).reportVersion, 1);
  assert.equal(fs.statSync(real).mode & 0o777, 0o640, 'permissions kept');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a link to /proc/self/fd/1 is standard output: appended to the file the shell opened, the link kept', async () => {
  const { dir, scenario } = setup('self-fd');
  const out = link(dir, 'stdout', '/proc/self/fd/1');
  const was = identity(out).linkTo;
  const log = path.join(dir, 'log.txt');
  fs.writeFileSync(log, 'header\n');
  const fd = fs.openSync(log, 'a'); // like `>> log.txt`
  const r = await runAsync(['run', scenario, '--renderer', 'plain', '--json', out], fd);
  fs.closeSync(fd);
  assert.ok(ran(r), r.stderr);
  const text = fs.readFileSync(log, 'utf8');
  assert.ok(text.startsWith('header\n{'), text.slice(0, 40));
  assert.equal((JSON.parse(text.slice('header\n'.length)) as { reportVersion: number }).reportVersion, 1);
  assert.equal(identity(out).type, 'symlink');
  assert.equal(identity(out).linkTo, was);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('in a private mount namespace: /dev/null and /dev/stdout are still what they were', (t) => {
  const { dir, scenario } = setup('namespace');
  // Only the child's mount namespace gets the tmpfs /dev; the real /dev is never touched.
  const script = [
    'set -e',
    'mount -t tmpfs isocheck-test-dev /dev',
    'mknod -m 666 /dev/null c 1 3; mknod -m 666 /dev/zero c 1 5; mknod -m 666 /dev/urandom c 1 9',
    'ln -s /proc/self/fd /dev/fd; ln -s /proc/self/fd/1 /dev/stdout; ln -s /proc/self/fd/2 /dev/stderr',
    'before="$(stat -c "%F %t:%T %i" /dev/null) | $(stat -c "%F %i" /dev/stdout) -> $(readlink /dev/stdout)"',
    'set +e',
    `"$NODE" "$BIN" run "$SCENARIO" --renderer plain --json /dev/null --junit /dev/stdout >"$DIR/junit.xml" 2>"$DIR/err.txt"; echo "exit=$?"`,
    'after="$(stat -c "%F %t:%T %i" /dev/null) | $(stat -c "%F %i" /dev/stdout) -> $(readlink /dev/stdout)"',
    'echo "before: $before"; echo "after: $after"',
  ].join('\n');
  const r = spawnSync('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script], {
    encoding: 'utf8', cwd: ROOT, timeout: 120_000,
    env: { ...process.env, NODE: process.execPath, BIN, SCENARIO: scenario, DIR: dir, NO_COLOR: '1', CI: 'true' },
  });
  if (r.status !== 0 && /Operation not permitted|cannot/.test(r.stderr)) {
    t.skip(`no private mount namespace here: ${r.stderr.trim()}`);
    return;
  }
  assert.equal(r.status, 0, r.stderr);
  const exit = /exit=(\d+)/.exec(r.stdout)?.[1];
  assert.ok(exit === '0' || exit === '3', `${r.stdout}\n${fs.readFileSync(path.join(dir, 'err.txt'), 'utf8')}`);
  const before = /before: (.*)/.exec(r.stdout)?.[1];
  const afterLine = /after: (.*)/.exec(r.stdout)?.[1];
  assert.ok(before?.startsWith('character special file 1:3'), before);
  assert.equal(afterLine, before, 'the device and the link are unchanged');
  assert.match(fs.readFileSync(path.join(dir, 'junit.xml'), 'utf8'), /^<\?xml/, 'the JUnit report went to standard output');
  t.diagnostic(`namespace /dev: ${afterLine ?? ''}`);
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The CLI as a child process that does not block this one (a FIFO reader runs beside it). */
function runAsync(args: string[], stdoutFd?: number): Promise<CliRun> {
  const t0 = Date.now();
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT, env: { ...process.env, NO_COLOR: '1', CI: 'true' },
    stdio: ['ignore', stdoutFd ?? 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((res) => child.on('close', (code, signal) => res({ code, signal, stdout, stderr, ms: Date.now() - t0 })));
}
