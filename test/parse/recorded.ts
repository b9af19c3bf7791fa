// Reads the recorded samples in test/fixtures/recorded (sources: test/fixtures/recorded/README.md).
import fs from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';

export const RECORDED = path.join(PACKAGE_ROOT, 'test', 'fixtures', 'recorded');

export function recorded(rel: string): string {
  return fs.readFileSync(path.join(RECORDED, rel), 'utf8');
}
