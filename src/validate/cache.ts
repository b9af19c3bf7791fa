// A content-keyed cache of validation results, for re-validating a tree that mostly did not change.
// One pack file per invocation (the paths and --var given): the results of its files, each under
// the SHA-256 of everything that decides it — the build that validates (every module of isocheck,
// the schema, yaml/ajv/re2js, Node's version), the file's path as messages name it, the --var
// overrides and the file's bytes. A hit gives back exactly what validation gave then (problems with
// their positions, the omitted counts), so the output is byte-identical. A pack that is corrupt,
// truncated, of another build or not ours is a miss, never an error. Loaded without yaml or ajv.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Problem } from '../errors.js';
import { PACKAGE_ROOT, SCHEMA_PATH, isocheckVersion } from '../paths.js';
import { cacheDir, ensureDir, prune, readSafe, writeAtomic } from './cache-dir.js';

/** One file's result: its listed problems and how many were left unlisted. */
export interface FileResult {
  problems: Problem[];
  omitted: { errors: number; warnings: number };
}

/** Bounds: a pack over MAX_PACK_BYTES is not written; the folder keeps MAX_PACKS packs, MAX_TOTAL_BYTES in all. */
export const MAX_PACK_BYTES = 16 * 1024 * 1024;
export const MAX_PACKS = 64;
export const MAX_TOTAL_BYTES = 64 * 1024 * 1024;
const FORMAT = 'isocheck-validate-cache/1';
const PACK_NAME = /^[0-9a-f]{64}\.json$/;

const sha256 = (...parts: (string | Uint8Array)[]): string => {
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
};

/** Size and mtime of every file under `dir` (sorted): changes whenever any module is rebuilt. */
function treeStamp(dir: string, out: string[]): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) treeStamp(full, out);
    else if (/\.c?js$/.test(e.name)) {
      const st = fs.statSync(full);
      out.push(`${full}:${st.size}:${st.mtimeMs}`);
    }
  }
}

let fingerprint: string | undefined;

/** What identifies the validator: isocheck's modules, the schema, the libraries it validates with, Node. */
export function buildFingerprint(): string {
  if (fingerprint !== undefined) return fingerprint;
  const stamps = [FORMAT, isocheckVersion(), process.version];
  // The whole build, rules and loaders included: the compiled modules and the bundle made of them
  // (this code runs from either).
  for (const dir of [path.join(PACKAGE_ROOT, 'dist', 'src'), path.join(PACKAGE_ROOT, 'dist', 'bundle')]) {
    if (fs.existsSync(dir)) treeStamp(dir, stamps);
  }
  const req = createRequire(import.meta.url);
  for (const file of [SCHEMA_PATH, req.resolve('yaml'), req.resolve('ajv'), req.resolve('re2js')]) {
    const st = fs.statSync(file);
    stamps.push(`${file}:${st.size}:${st.mtimeMs}`);
  }
  fingerprint = sha256(stamps.join('\n'));
  return fingerprint;
}

const isCount = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
const PROBLEM_KEYS = new Set(['file', 'line', 'col', 'code', 'severity', 'message', 'path']);

/** The shape validation gives: anything else in a pack (edited, foreign, damaged) is a miss. */
function isResult(v: unknown, file: string): v is FileResult {
  if (v === null || typeof v !== 'object') return false;
  const r = v as Partial<FileResult>;
  if (!Array.isArray(r.problems) || !isCount(r.omitted?.errors) || !isCount(r.omitted.warnings)) return false;
  return r.problems.every((p: Partial<Problem> | null) => p !== null && typeof p === 'object' && p.file === file && isCount(p.line) && isCount(p.col)
    && typeof p.code === 'string' && (p.severity === 'error' || p.severity === 'warning') && typeof p.message === 'string'
    && (p.path === undefined || typeof p.path === 'string') && Object.keys(p).every((k) => PROBLEM_KEYS.has(k)));
}

export interface ValidationCache {
  get(file: string, bytes: Uint8Array): FileResult | undefined;
  set(file: string, bytes: Uint8Array, result: FileResult): void;
  /** Write the pack (the results of this run's files only, so it never outgrows the tree). */
  save(): void;
}

/** The cache of one invocation (the resolved paths and the --var overrides), or undefined when unusable. */
export function openCache(env: NodeJS.ProcessEnv, paths: readonly string[], vars: Record<string, string>): ValidationCache | undefined {
  try {
    const dir = path.join(cacheDir(env), 'validate');
    if (!ensureDir(dir)) return undefined;
    const build = buildFingerprint();
    const varsText = JSON.stringify(Object.entries(vars).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const file = path.join(dir, `${sha256(FORMAT, JSON.stringify(paths), varsText)}.json`);
    const old = readPack(file, build);
    const fresh: Record<string, FileResult> = {};
    let changed = false;
    const keyOf = (f: string, bytes: Uint8Array): string => sha256(build, f, varsText, bytes);
    return {
      get(f, bytes) {
        const key = keyOf(f, bytes);
        const hit = old[key];
        if (hit === undefined || !isResult(hit, f)) return undefined;
        fresh[key] = hit;
        return hit;
      },
      set(f, bytes, result) {
        fresh[keyOf(f, bytes)] = result;
        changed = true;
      },
      save() {
        if (!changed && Object.keys(fresh).length === Object.keys(old).length) return;
        const text = JSON.stringify({ format: FORMAT, build, entries: fresh });
        if (Buffer.byteLength(text) > MAX_PACK_BYTES) return;
        if (writeAtomic(file, text)) prune(dir, PACK_NAME, MAX_PACKS, MAX_TOTAL_BYTES);
      },
    };
  } catch {
    return undefined;
  }
}

/** The entries of a pack written by this build; none when it is missing, damaged or foreign. */
function readPack(file: string, build: string): Record<string, unknown> {
  const bytes = readSafe(file, MAX_PACK_BYTES);
  if (bytes === undefined) return {};
  try {
    const pack = JSON.parse(bytes.toString('utf8')) as { format?: unknown; build?: unknown; entries?: unknown };
    const ok = pack.format === FORMAT && pack.build === build && pack.entries !== null && typeof pack.entries === 'object' && !Array.isArray(pack.entries);
    return ok ? Object.assign(Object.create(null) as Record<string, unknown>, pack.entries) : {};
  } catch {
    return {};
  }
}
