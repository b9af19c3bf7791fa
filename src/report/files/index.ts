// File reports: JUnit XML for CI, the RunResult as JSON for machines, a Markdown transcript for
// docs authors, written for every run outcome — failed, interrupted and environment-error runs
// too; each report says the run's status. Each goes to the target the CLI's check resolved
// (report/files/target.ts): a regular file is replaced atomically (temp file, fsync, rename, its
// permissions kept), a FIFO or device is written through, `-` goes to standard output.
//
// --normalize applies to the Markdown transcript only: the JSON and JUnit reports keep the real
// container ids, PIDs and times (machines and CI history want them; the transcript is what people
// diff between runs).
import type { RunResult } from '../../execute/results.js';
import { oneLine } from '../../errors.js';
import { writeFileAtomic } from './atomic.js';
import { renderJson } from './json.js';
import { renderJUnit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import type { ReportTarget } from './target.js';
import { writeThrough } from './through.js';

export { writeFileAtomic } from './atomic.js';
export { writeThrough } from './through.js';
export { fileTarget, type ReportTarget } from './target.js';
export { renderJson } from './json.js';
export { renderJUnit } from './junit.js';
export { renderMarkdown } from './markdown.js';

/** The CLI's own streams, for `-` and /dev/stdout, /dev/stderr. */
export interface ReportStreams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export interface FileReportOptions {
  junit?: ReportTarget;
  json?: ReportTarget;
  markdown?: ReportTarget;
  /** Replace volatile values in the Markdown transcript (see report/normalize.ts). */
  normalize: boolean;
  /** Needed when a target is standard output or standard error. */
  streams?: ReportStreams;
}

/** Some reports could not be written; the others were (`written`, their labels). */
export class ReportWriteError extends Error {
  constructor(
    readonly written: string[],
    readonly failures: { path: string; error: unknown }[],
  ) {
    super(failures.map((f) => `cannot write report ${oneLine(f.path)}: ${oneLine(f.error instanceof Error ? f.error.message : String(f.error))}`).join('; '));
    this.name = 'ReportWriteError';
  }
}

/** One report to write: where it goes and how to render it (rendered only when written). */
export interface ReportJob {
  target: ReportTarget;
  render: () => string;
}

/** The single-target renderers, in the order reports are written (junit, json, markdown). */
export const REPORTS = {
  junit: (r: RunResult) => renderJUnit(r),
  json: (r: RunResult) => renderJson(r),
  markdown: (r: RunResult, o: { normalize: boolean }) => renderMarkdown(r, o),
} as const;

/** Writes the requested reports; resolves to their labels, in junit, json, markdown order. */
export async function writeReports(result: RunResult, o: FileReportOptions): Promise<string[]> {
  return writeJobs(reportJobs(o, REPORTS, result), o.streams);
}

/** The jobs for the reports `o` asks for, rendered by `renderers` from `value`. */
export function reportJobs<T>(o: FileReportOptions, renderers: { [K in keyof typeof REPORTS]: (v: T, ro: { normalize: boolean }) => string }, value: T): ReportJob[] {
  const jobs: ReportJob[] = [];
  for (const kind of ['junit', 'json', 'markdown'] as const) {
    const target = o[kind];
    if (target) jobs.push({ target, render: () => renderers[kind](value, { normalize: o.normalize }) });
  }
  return jobs;
}

/** Writes every job, all of them even when some fail; throws ReportWriteError naming the failures. */
export async function writeJobs(jobs: readonly ReportJob[], streams: ReportStreams | undefined): Promise<string[]> {
  const settled = await Promise.allSettled(jobs.map(async (j) => {
    await writeTarget(j.target, j.render(), streams);
    return j.target.label;
  }));
  const written: string[] = [];
  const failures: { path: string; error: unknown }[] = [];
  settled.forEach((s, i) => {
    const path = jobs[i]?.target.label ?? '';
    if (s.status === 'fulfilled') written.push(s.value);
    else failures.push({ path, error: s.reason });
  });
  if (failures.length > 0) throw new ReportWriteError(written, failures);
  return written;
}

function writeTarget(t: ReportTarget, data: string, streams: ReportStreams | undefined): Promise<void> {
  switch (t.kind) {
    case 'file':
      return writeFileAtomic(t.path, data);
    case 'through':
      return writeThrough(t.path, data);
    case 'stdout':
    case 'stderr': {
      const stream = streams?.[t.kind];
      if (!stream) return Promise.reject(new Error(`no ${t.kind} stream to write to`));
      return writeStream(stream, data);
    }
  }
}

/** A closed pipe (EPIPE) is this report's failure, not an unhandled 'error' event that kills the CLI. */
function writeStream(stream: NodeJS.WritableStream, data: string): Promise<void> {
  return new Promise((res, rej) => {
    const onError = (e: Error): void => rej(e);
    stream.once('error', onError);
    stream.write(data, (e?: Error | null) => {
      // On failure the listener stays: the stream emits 'error' after this callback.
      if (e) return rej(e);
      stream.removeListener('error', onError);
      res();
    });
  });
}
