// File reports: JUnit XML for CI, the RunResult as JSON for machines, a Markdown transcript for
// docs authors. Written atomically (temp file in the same directory, then rename), for every run
// outcome — failed, interrupted and environment-error runs too; each report says the run's status.
//
// --normalize applies to the Markdown transcript only: the JSON and JUnit reports keep the real
// container ids, PIDs and times (machines and CI history want them; the transcript is what people
// diff between runs).
import type { RunResult } from '../../execute/results.js';
import { writeFileAtomic } from './atomic.js';
import { renderJson } from './json.js';
import { renderJUnit } from './junit.js';
import { renderMarkdown } from './markdown.js';

export { writeFileAtomic } from './atomic.js';
export { renderJson } from './json.js';
export { renderJUnit } from './junit.js';
export { renderMarkdown } from './markdown.js';

export interface FileReportOptions {
  junit?: string;
  json?: string;
  markdown?: string;
  /** Replace volatile values in the Markdown transcript (see report/normalize.ts). */
  normalize: boolean;
}

/** Some reports could not be written; the others were (`written`). */
export class ReportWriteError extends Error {
  constructor(
    readonly written: string[],
    readonly failures: { path: string; error: unknown }[],
  ) {
    super(failures.map((f) => `cannot write report ${f.path}: ${f.error instanceof Error ? f.error.message : String(f.error)}`).join('; '));
    this.name = 'ReportWriteError';
  }
}

/** Writes the requested reports; resolves to the paths written, in junit, json, markdown order. */
export async function writeReports(result: RunResult, o: FileReportOptions): Promise<string[]> {
  const jobs: { path: string; render: () => string }[] = [];
  if (o.junit) jobs.push({ path: o.junit, render: () => renderJUnit(result) });
  if (o.json) jobs.push({ path: o.json, render: () => renderJson(result) });
  if (o.markdown) jobs.push({ path: o.markdown, render: () => renderMarkdown(result, { normalize: o.normalize }) });
  const settled = await Promise.allSettled(jobs.map(async (j) => {
    await writeFileAtomic(j.path, j.render());
    return j.path;
  }));
  const written: string[] = [];
  const failures: { path: string; error: unknown }[] = [];
  settled.forEach((s, i) => {
    const path = jobs[i]?.path ?? '';
    if (s.status === 'fulfilled') written.push(s.value);
    else failures.push({ path, error: s.reason });
  });
  if (failures.length > 0) throw new ReportWriteError(written, failures);
  return written;
}
