// `isocheck --version` is answered by the launcher before the CLI loads (start-up cost): it must say
// exactly what the full CLI says, and anything more than the bare flag still goes to the CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/cli.js';
import { buildProgram } from '../../src/cli/index.js';
import { isocheckVersion } from '../../src/paths.js';

test('--version and -V print the package version, as the full CLI would', () => {
  for (const flag of ['--version', '-V']) {
    const r = runCli([flag]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, `${isocheckVersion()}\n`);
    assert.equal(r.stderr, '');
  }
  // The full CLI (commander) answers the same.
  let out = '';
  const p = buildProgram({ stdout: { write: (s: string) => ((out += s), true) }, stderr: { write: () => true } } as never, () => undefined);
  p.configureOutput({ writeOut: (s) => (out += s) });
  assert.throws(() => p.parse(['node', 'isocheck', '--version']));
  assert.equal(out, `${isocheckVersion()}\n`);
});
