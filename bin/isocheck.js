#!/usr/bin/env node
// Thin launcher for the compiled CLI in dist/ (built by `npm run build`, shipped in the package).
// `--version` alone is answered here, before the CLI (and commander) is loaded: it is what scripts
// and fleets call most often to check the tool, and loading the CLI is most of its cost.
import fs from 'node:fs';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${pkg.version}\n`);
} else {
  // The bundle (scripts/build-bundle.mjs) is the same compiled code packed into a few files, which
  // loads in a third of the time; dist/src is used when only tsc has run.
  const bundled = new URL('../dist/bundle/index.js', import.meta.url);
  const entry = fs.existsSync(bundled) ? bundled.href : new URL('../dist/src/cli/index.js', import.meta.url).href;
  const { cli } = await import(entry);
  process.exitCode = await cli(argv);
}
