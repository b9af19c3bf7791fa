// bin/isocheck.js loads the bundle (dist/bundle/, scripts/build-bundle.mjs) for start-up speed; the
// tests of src/ import dist/src. These keep the two the same program: the same commands give the
// same output and exit code through either entry, and the bundle reaches no file by a path
// relative to itself (it lives in another folder than the modules it was built from).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BIN, ROOT } from '../helpers/cli.js';

const BUNDLE = path.join(ROOT, 'dist', 'bundle');
const UNBUNDLED = pathToFileURL(path.join(ROOT, 'dist', 'src', 'cli', 'index.js')).href;

function both(args: string[]): { bundled: string; unbundled: string } {
  const env = { ...process.env, NO_COLOR: '1', CI: 'true' };
  const show = (r: ReturnType<typeof spawnSync>): string => `exit ${String(r.status)}\n--- stdout\n${String(r.stdout)}\n--- stderr\n${String(r.stderr)}`;
  const bundled = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
  const script = `const { cli } = await import(${JSON.stringify(UNBUNDLED)}); process.exitCode = await cli(process.argv.slice(1));`;
  const unbundled = spawnSync(process.execPath, ['--input-type=module', '-e', script, ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
  return { bundled: show(bundled), unbundled: show(unbundled) };
}

test('the build wrote the bundle that bin/isocheck.js loads', () => {
  assert.ok(fs.existsSync(path.join(BUNDLE, 'index.js')), 'run npm run build: dist/bundle/index.js is missing');
  assert.match(fs.readFileSync(BIN, 'utf8'), /'dist', 'bundle', 'index\.js'/);
});

test('bundle and compiled modules give the same output and exit code', () => {
  const cases = [
    ['validate', 'scenarios'],
    // Schema errors go through the verbose ajv validator; a bad regex through re2js; YAML errors.
    ['validate', 'test/fixtures/invalid'],
    ['validate', '--json', 'test/fixtures/invalid/misspelt-key.yaml'],
    ['plan', 'scenarios/linux/sandbox-isolation.yaml'],
    ['list', 'scenarios'],
    ['schema'],
    ['run', '--help'],
    ['no-such-command'],
  ];
  for (const args of cases) {
    const { bundled, unbundled } = both(args);
    assert.equal(bundled, unbundled, `isocheck ${args.join(' ')}`);
  }
});

test('no chunk of the bundle requires a file relative to itself at run time', () => {
  for (const name of fs.readdirSync(BUNDLE).filter((f) => f.endsWith('.js'))) {
    const text = fs.readFileSync(path.join(BUNDLE, name), 'utf8');
    assert.doesNotMatch(text, /\brequire\(\s*["']\.\.?\//, `${name} requires a relative path`);
    assert.doesNotMatch(text, /import\.meta\.url\)\(\s*["']\.\.?\//, `${name} requires a path relative to itself`);
    assert.doesNotMatch(text, /new URL\(\s*["']\.\.?\/[^"']*["'],\s*import\.meta\.url/, `${name} resolves a file beside itself`);
  }
});
