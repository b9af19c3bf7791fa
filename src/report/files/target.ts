// Where one report goes, decided once by the CLI's report-path check (cli/commands/report-paths.ts)
// and then used as is by writeReports: what was checked is what is written, against the same
// working directory, with every link already followed.
import { resolve } from 'node:path';

export type ReportTarget =
  /** `-` (or this process's own /dev/stdout): the CLI's standard output stream. */
  | { kind: 'stdout'; label: string }
  /** This process's own /dev/stderr: the CLI's standard error stream. */
  | { kind: 'stderr'; label: string }
  /** A regular file (existing or new), `path` fully resolved: replaced atomically, links kept. */
  | { kind: 'file'; path: string; label: string }
  /** A FIFO, a character device, or an open file reached through /dev/fd/N: written through, never replaced. */
  | { kind: 'through'; path: string; label: string };

/** A plain file target for library callers that did no check (the path is taken as given). */
export function fileTarget(path: string): ReportTarget {
  return { kind: 'file', path: resolve(path), label: path };
}
