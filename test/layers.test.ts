// The pipeline's layering (issue 9): engine/, host/ and plan/ sit below execute/ and never import
// from it; the types they share with it live in model/ (spawn contract, scenario input, container
// and environment records). This test reads the sources, so a new upward import fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './helpers/cli.js';

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

const IMPORT = /^\s*(?:import|export)\b[^'"]*from\s+'([^']+)'/gm;

test('engine/, host/ and plan/ never import from execute/, cli/ or report/', () => {
  const bad: string[] = [];
  for (const layer of ['engine', 'host', 'plan']) {
    for (const file of sources(path.join(ROOT, 'src', layer))) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const target = path.resolve(path.dirname(file), m[1] ?? '');
        const rel = path.relative(path.join(ROOT, 'src'), target).split(path.sep)[0];
        if (rel === 'execute' || rel === 'cli' || rel === 'report') bad.push(`${path.relative(ROOT, file)} imports ${m[1]}`);
      }
    }
  }
  assert.deepEqual(bad, []);
});

test('the layering check sees imports (it would catch one)', () => {
  const sample = "import type { Spawn } from '../execute/spawn.js';\nexport { x } from './y.js';";
  assert.deepEqual([...sample.matchAll(IMPORT)].map((m) => m[1]), ['../execute/spawn.js', './y.js']);
});
