#!/usr/bin/env node
// Thin launcher for the compiled CLI in dist/ (built by `npm run build`, shipped in the package).
import { cli } from '../dist/src/cli/index.js';

process.exitCode = await cli(process.argv.slice(2));
