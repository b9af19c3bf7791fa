#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/. Kept in plain JS so `npm link`/`npx` work
// without a build step at install time for published packages (dist is shipped).
import '../dist/src/cli/index.js';
