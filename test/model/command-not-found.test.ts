// What a missing command looks like per platform. The Windows form is what execa 9 produces there:
// it uses cross-spawn only to parse the command (not its ENOENT hook), so an unresolvable command is
// run through `cmd.exe /d /s /c`, which starts fine and exits 1 printing the "is not recognized"
// line (cmd.exe's own wording; `cmd /c` scripts see errorlevel 9009). No ENOENT is raised there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandNotFound } from '../../src/model/command-not-found.js';

const base = { spawnError: undefined, exitCode: 0, stdout: '', stderr: '', timedOut: false, aborted: false };
const cmdExe = { ...base, exitCode: 1, stderr: "'docker' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n" };

test('Windows: cmd.exe\'s "is not recognized" (exit 1) or errorlevel 9009 is a missing command', () => {
  assert.equal(commandNotFound(cmdExe, 'win32'), true);
  assert.equal(commandNotFound({ ...base, exitCode: 9009 }, 'win32'), true);
});

test('Windows: a command that ran and failed, or succeeded, is not "not found"', () => {
  assert.equal(commandNotFound({ ...base, exitCode: 1, stderr: 'error during connect: This error may indicate that the docker daemon is not running.' }, 'win32'), false);
  assert.equal(commandNotFound({ ...base, stdout: 'is not recognized as an internal or external command' }, 'win32'), false, 'exit 0');
  assert.equal(commandNotFound({ ...cmdExe, timedOut: true }, 'win32'), false);
});

test('POSIX: only a spawn error (ENOENT) is; the same text on stderr of a real exit is not', () => {
  assert.equal(commandNotFound({ ...base, exitCode: null, spawnError: 'spawn docker ENOENT' }, 'linux'), true);
  assert.equal(commandNotFound(cmdExe, 'linux'), false);
  assert.equal(commandNotFound({ ...base, exitCode: null, spawnError: 'spawn docker EACCES' }, 'linux'), false);
});
