#!/usr/bin/env node
// Thin launcher for the compiled CLI in dist/ (built by `npm run build`, shipped in the package).
// It is CommonJS (bin/package.json), so a bare `--version` — what scripts and fleets call most often
// to check the tool — is answered before Node's ESM loader, commander or the CLI is loaded.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
  process.stdout.write(`${pkg.version}\n`);
} else {
  // The bundle (scripts/build-bundle.mjs) is the same compiled code packed into a few files, which
  // loads in a third of the time; dist/src is used when only tsc has run.
  const bundled = path.join(__dirname, '..', 'dist', 'bundle', 'index.js');
  const entry = fs.existsSync(bundled) ? bundled : path.join(__dirname, '..', 'dist', 'src', 'cli', 'index.js');
  import(pathToFileURL(entry).href).then(async ({ cli }) => {
    process.exitCode = await cli(argv);
  });
}
