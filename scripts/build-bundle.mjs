#!/usr/bin/env node
// Build step (after tsc): bundle the compiled CLI (dist/src/cli/index.js and everything it imports,
// the libraries included) into dist/bundle/, which bin/isocheck.js loads. Node's ESM loader spends
// most of a start-up resolving, reading and compiling ~400 small modules one by one; one file per
// lazily loaded command (code splitting keeps `import('./commands/run.js')` lazy) loads in about a
// third of the time (measured: importing the CLI and the run command 424–691 ms → 174–237 ms,
// interleaved, load ~6). The libraries stay what they are; this only packs them. Unminified, so a
// report of an internal error still names readable functions.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'bundle');
fs.rmSync(outdir, { recursive: true, force: true });

const result = await build({
  entryPoints: [path.join(root, 'dist', 'src', 'cli', 'index.js')],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // CommonJS libraries (commander, ajv) call require() for node: built-ins; an ESM bundle has no
  // require of its own, so give it one bound to this file.
  banner: { js: "import { createRequire as __isocheckRequire } from 'node:module'; const require = __isocheckRequire(import.meta.url);" },
  logLevel: 'warning',
  metafile: true,
});
const files = Object.keys(result.metafile.outputs);
const inputs = Object.keys(result.metafile.inputs).length;
const bytes = files.reduce((t, f) => t + fs.statSync(path.join(root, f)).size, 0);
console.log(`build: dist/bundle/ (${inputs} modules in ${files.length} files, ${(bytes / 1024).toFixed(0)} KiB)`);
