// A host process table that cannot be read is an error with a stable code (host-query-failed), not
// a raw errno error that reaches the report as `internal`. The proc tree is built under a temporary
// folder: a process whose comm is a folder (EISDIR on read), and a proc root that is a file (ENOTDIR).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IsocheckError } from '../../src/errors.js';
import { queryLinuxProcesses } from '../../src/host/linux-proc.js';

describe('queryLinuxProcesses errors', () => {
  it('an unreadable /proc file is host-query-failed', (t) => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'isocheck-proc-'));
    t.after(() => fs.rmSync(root, { recursive: true, force: true }));
    fs.mkdirSync(path.join(root, '42', 'comm'), { recursive: true });
    assert.throws(() => queryLinuxProcesses({ name: 'sleep' }, { procRoot: root }), (e: unknown) => e instanceof IsocheckError && e.code === 'host-query-failed' && /EISDIR/.test(e.message));
  });

  it('a proc root that cannot be listed is host-query-failed', (t) => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'isocheck-proc-'));
    t.after(() => fs.rmSync(root, { recursive: true, force: true }));
    const file = path.join(root, 'not-a-folder');
    fs.writeFileSync(file, '');
    assert.throws(() => queryLinuxProcesses({}, { procRoot: file }), (e: unknown) => e instanceof IsocheckError && e.code === 'host-query-failed');
  });
});
