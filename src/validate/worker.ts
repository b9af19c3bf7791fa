// A validation worker thread (see parallel.ts): takes file numbers from the shared counter until
// none are left, validates each file exactly as the main thread would, and posts the results back
// with their cache keys (computed from the bytes it read, so a file that changed meanwhile is
// cached under its new content).
import { parentPort, workerData } from 'node:worker_threads';
import { entryKey } from './cache.js';
import { validateFile } from './file.js';
import type { WorkerJob, WorkerResult } from './parallel.js';

const job = workerData as WorkerJob;
const counter = new Int32Array(job.counter);
const results: WorkerResult[] = [];
for (let i = Atomics.add(counter, 0, 1); i < job.files.length; i = Atomics.add(counter, 0, 1)) {
  const file = job.files[i] ?? '';
  const r = validateFile(file, { vars: job.vars });
  results.push({ index: i, result: r.result, key: r.bytes && job.keyBase ? entryKey(job.keyBase, file, r.bytes) : undefined });
}
parentPort?.postMessage(results);
