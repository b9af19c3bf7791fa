// What a step keeps of the commands it ran. Polling (`eventually`, `for`) runs one command many
// times; keeping every run's output grew without bound (60 MB × every poll). A step keeps, per
// distinct command, the first run and the latest run (which also counts the runs in between), and
// each kept text is bounded: the first and the last half of RECORD_TEXT_CAP characters. The spawn
// seam may already have capped a stream (SpawnResult.truncated); either way the record says so,
// and a cut is isocheck's limit, never a failure of the command.
import type { CommandRecord } from './results.js';
import type { SpawnResult } from './spawn.js';

/** Characters kept of each of stdout, stderr and a step's output. */
export const RECORD_TEXT_CAP = 1024 * 1024;

export interface Bounded {
  text: string;
  /** The length of the whole text, when it was cut. */
  total?: number;
}

export function bound(s: string, cap = RECORD_TEXT_CAP): Bounded {
  if (s.length <= cap) return { text: s };
  const head = Math.ceil(cap / 2);
  // slice() of a huge string may share its memory; a copy lets the original be freed.
  const text = Buffer.from(`${s.slice(0, head)}${s.slice(s.length - (cap - head))}`, 'utf8').toString('utf8');
  return { text, total: s.length };
}

/** The record of one command run, with bounded texts and what was cut (by spawn or here). */
export function commandRecord(r: SpawnResult, purpose: string | undefined): CommandRecord {
  const out = bound(r.stdout);
  const err = bound(r.stderr);
  const before = (r as { truncated?: { stdout?: number; stderr?: number } }).truncated;
  const stdoutTotal = before?.stdout ?? out.total;
  const stderrTotal = before?.stderr ?? err.total;
  const truncated = { ...(stdoutTotal !== undefined ? { stdout: stdoutTotal } : {}), ...(stderrTotal !== undefined ? { stderr: stderrTotal } : {}) };
  return {
    argv: r.argv, exitCode: r.exitCode, stdout: out.text, stderr: err.text, startedAt: r.startedAt, durationMs: r.durationMs, timedOut: r.timedOut,
    ...(purpose ? { purpose } : {}),
    ...(stdoutTotal !== undefined || stderrTotal !== undefined ? { truncated } : {}),
  };
}

const sameCommand = (a: CommandRecord, b: CommandRecord): boolean =>
  a.purpose === b.purpose && a.argv.length === b.argv.length && a.argv.every((w, i) => w === b.argv[i]);

/**
 * Add a run to a step's records: a command seen once before is kept as is and a second record
 * stands for every later run (the latest one's output, `runs` = how many it stands for).
 */
export function keepRecord(records: CommandRecord[], rec: CommandRecord): void {
  const seen = records.filter((c) => sameCommand(c, rec));
  const latest = seen.length >= 2 ? seen[seen.length - 1] : undefined;
  if (latest === undefined) {
    records.push(seen.length === 1 ? { ...rec, runs: 1 } : rec);
    return;
  }
  records[records.indexOf(latest)] = { ...rec, runs: (latest.runs ?? 1) + 1 };
}

/** One note per stream a step's commands had cut, in isocheck's words. */
export function truncationNotes(records: readonly CommandRecord[]): string[] {
  const notes = new Set<string>();
  for (const c of records) {
    for (const stream of ['stdout', 'stderr'] as const) {
      const total = c.truncated?.[stream];
      if (total !== undefined) notes.add(`${stream} of ${c.argv[0] ?? 'a command'} truncated by isocheck at 1 MiB (it wrote ${total}); the first and the last half are kept — this is isocheck's limit, not a failure of the command`);
    }
  }
  return [...notes];
}
