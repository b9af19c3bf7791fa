// Files shipped with the package, found relative to this module (dist/src/paths.js or src/paths.ts).
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import fs from 'node:fs';

function findRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'schema'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error('isocheck: cannot find its package root (schema/ missing)');
}

export const PACKAGE_ROOT = findRoot();
export const SCHEMA_PATH = path.join(PACKAGE_ROOT, 'schema', 'scenario.schema.json');
export const FLEET_SCHEMA_PATH = path.join(PACKAGE_ROOT, 'schema', 'fleet.schema.json');
export const SCENARIOS_DIR = path.join(PACKAGE_ROOT, 'scenarios');
/** The precompiled schema check written by scripts/build-schema-check.mjs. */
export const SCHEMA_CHECK_PATH = path.join(PACKAGE_ROOT, 'dist', 'src', 'validate', 'schema-check.cjs');

let version: string | undefined;
export function isocheckVersion(): string {
  version ??= (JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}
