#!/usr/bin/env node
// Runs the compiled tests with node's test runner. Node 20's --test takes no globs, and would also
// pick up every .js under a test/ folder, so the files are listed here: dist/test/**/*.test.js.
// --only unit|e2e|reliability picks a group (folders test/e2e and test/reliability; the rest is unit).
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const root = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'dist', 'test');
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const group = (f) => (f.includes(`${path.sep}e2e${path.sep}`) ? 'e2e' : f.includes(`${path.sep}reliability${path.sep}`) ? 'reliability' : 'unit');

function walk(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : e.name.endsWith('.test.js') ? [p] : [];
  });
}
const files = walk(root).filter((f) => !only || group(f) === only).sort();
if (files.length === 0) {
  console.error(`run-tests: no test files found under ${root}${only ? ` for group ${only}` : ''} (did the build run?)`);
  process.exit(1);
}
// e2e and reliability tests share one engine: run files one at a time.
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
