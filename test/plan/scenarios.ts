// The reference scenarios, loaded with the yaml package (no validator involved).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { Scenario } from '../../src/types.js';

/** The repository root, from dist/test/plan/ or test/plan/. */
const ROOT = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'scenarios'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the scenarios/ folder');
    dir = up;
  }
  return dir;
})();

export function loadScenario(rel: string): Scenario {
  return parse(fs.readFileSync(path.join(ROOT, rel), 'utf8')) as Scenario;
}

export const LINUX_SCENARIO = 'scenarios/linux/sandbox-isolation.yaml';
export const WINDOWS_SCENARIO = 'scenarios/windows/hyperv-isolation.yaml';
