// Special files for report-path tests, made under a temp folder: never the real /dev. Device nodes
// need root (mknod); without it the tests that need one are skipped with the reason.
import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';

export function tempFolder(prefix: string): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `isocheck-${prefix}-`)));
}

/** A character device node, e.g. (1, 3) = what /dev/null is, (1, 7) = /dev/full. Undefined without root. */
export function charDevice(dir: string, name: string, major: number, minor: number): string | undefined {
  const p = path.join(dir, name);
  const r = spawnSync('mknod', [p, 'c', String(major), String(minor)], { encoding: 'utf8' });
  return r.status === 0 ? p : undefined;
}

/** Skips the test (with the reason) when device nodes cannot be made here. */
export function needDevice(t: TestContext, p: string | undefined): p is string {
  if (p !== undefined) return true;
  t.skip('mknod needs root');
  return false;
}

export function fifo(dir: string, name: string): string {
  const p = path.join(dir, name);
  const r = spawnSync('mkfifo', [p], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return p;
}

export function link(dir: string, name: string, to: string): string {
  const p = path.join(dir, name);
  fs.symlinkSync(to, p);
  return p;
}

/** What a path is, without following it, and what it finally points at. */
export interface Identity {
  type: string;
  ino: number;
  rdev: number;
  linkTo?: string;
  final?: { type: string; ino: number; rdev: number };
}

function typeOf(st: fs.Stats): string {
  if (st.isSymbolicLink()) return 'symlink';
  if (st.isCharacterDevice()) return 'char';
  if (st.isBlockDevice()) return 'block';
  if (st.isFIFO()) return 'fifo';
  if (st.isSocket()) return 'socket';
  if (st.isDirectory()) return 'dir';
  return 'file';
}

export function identity(p: string): Identity {
  const l = fs.lstatSync(p);
  const id: Identity = { type: typeOf(l), ino: l.ino, rdev: l.rdev };
  if (l.isSymbolicLink()) {
    id.linkTo = fs.readlinkSync(p);
    try {
      const s = fs.statSync(p);
      id.final = { type: typeOf(s), ino: s.ino, rdev: s.rdev };
    } catch {
      // a dangling link stays dangling
    }
  }
  return id;
}

/** The special file is still exactly what it was (same type, inode, device numbers, link text). */
export function assertUnchanged(p: string, before: Identity): void {
  assert.deepEqual(identity(p), before, `${p} was replaced`);
}
