// Validate many files on every core: the main thread and up to MAX_HELPERS worker threads
// (worker.ts) take file numbers from one shared counter, so each file is validated exactly once,
// by whichever thread is free, and a worker still starting up (~60 ms: its own yaml and rules)
// simply takes fewer. Results are plain data, merged and sorted by the caller as if one thread had
// made them. A worker that fails leaves its files to the main thread. Few files: no workers.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FileResult, ValidationCache } from './cache.js';
import { validateFile } from './file.js';
import type { ValidateOptions } from './text.js';

/** Workers pay for their start-up only with enough files each (measured: ~60 ms ≈ 50 files). */
export const MIN_FILES_PER_THREAD = 150;
const MAX_HELPERS = 3;

/** What a worker is given. */
export interface WorkerJob {
  files: string[];
  /** SharedArrayBuffer of one Int32: the number of the next file to take. */
  counter: SharedArrayBuffer;
  vars?: Record<string, string>;
  /** The cache's key base (cache.ts entryKey), when there is a cache. */
  keyBase?: string;
}

/** What a worker posts back: per file it validated, its result and its cache key. */
export interface WorkerResult {
  index: number;
  result: FileResult;
  key?: string;
}

/** How many worker threads `files` files are worth here (0: validate on the main thread alone). */
export function helpersFor(files: number): number {
  return Math.max(0, Math.min(MAX_HELPERS, os.availableParallelism() - 1, Math.floor(files / MIN_FILES_PER_THREAD) - 1));
}

/**
 * Validate `files` with `helpers` worker threads and the main thread; `add` gets every result.
 * `pause` is awaited between the main thread's files (it yields to the event loop) and returns true
 * to stop: then the workers are ended and the result is true (aborted).
 */
export async function validateInParallel(files: string[], helpers: number, opts: ValidateOptions & { cache?: ValidationCache }, add: (r: FileResult) => void, pause: () => Promise<boolean>): Promise<boolean> {
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const job: WorkerJob = { files, counter: counter.buffer as SharedArrayBuffer, vars: opts.vars, keyBase: opts.cache?.keyBase };
  const workers = Array.from({ length: helpers }, () => new Worker(new URL('./worker.js', import.meta.url), { workerData: job }));
  const posted = workers.map((w) => new Promise<WorkerResult[]>((resolve) => {
    w.once('message', resolve);
    w.once('error', () => resolve([]));
    w.once('exit', () => resolve([]));
  }));
  const done = new Uint8Array(files.length);
  const run = (i: number): void => {
    const file = files[i] ?? '';
    const r = validateFile(file, opts);
    add(r.result);
    if (r.bytes) opts.cache?.set(file, r.bytes, r.result);
    done[i] = 1;
  };
  try {
    for (let i = Atomics.add(counter, 0, 1); i < files.length; i = Atomics.add(counter, 0, 1)) {
      run(i);
      if (await pause()) return true;
    }
    for (const list of await Promise.all(posted)) {
      for (const { index, result, key } of list) {
        add(result);
        if (key !== undefined) opts.cache?.setKey(key, result);
        done[index] = 1;
      }
    }
    // Files a failed worker had taken: validated here.
    for (let i = 0; i < files.length; i++) if (done[i] === 0) run(i);
    return false;
  } finally {
    for (const w of workers) void w.terminate();
  }
}
