// Words and lines every reporter shares: the summary line CI logs grep for, skip reasons, step
// labels, the expected/found lines of a failure and the view note. Terminal and file reporters
// both build on these so a run reads the same in a terminal, a CI log and a transcript.
import { formatDuration } from '../format/duration.js';
import type { RunResult, ScenarioResult, ScenarioStatus, StepResult, StepStatus } from '../execute/results.js';
import { deviationFailure } from '../execute/deviation.js';
import { oneLine } from '../format/escape.js';

export const ICON = {
  passed: '✔',
  failed: '✖',
  skipped: '↓',
  scenario: '▶',
  warning: '⚠',
  /** A known deviation: the page says one thing, here another, as the scenario says (not a failure). */
  deviation: '≠',
} as const;

export function stepIcon(status: StepStatus): string {
  return status === 'passed' ? ICON.passed : status === 'skipped' ? ICON.skipped : status === 'deviation' ? ICON.deviation : ICON.failed;
}

export function scenarioIcon(status: ScenarioStatus): string {
  switch (status) {
    case 'passed':
      return ICON.passed;
    case 'skipped':
      return ICON.skipped;
    case 'interrupted':
      return ICON.warning;
    default:
      return ICON.failed;
  }
}

/**
 * The line CI log readers grep for. It always STARTS with `N passed, N failed, N skipped`
 * (scenario counts, as the engine counted them in RunResult.totals), then the run's duration.
 */
export function summaryLine(result: Pick<RunResult, 'totals' | 'durationMs'>, duration = formatDuration(result.durationMs)): string {
  const t = result.totals;
  return `${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped (${duration})`;
}

export const SUMMARY_LINE_RE = /^(\d+) passed, (\d+) failed, (\d+) skipped \(([^)]*)\)$/;

/** One line per skipped scenario: `↓ name (file): reason`. */
export function skipReasonLines(result: RunResult): string[] {
  return result.scenarios
    .filter((s) => s.status === 'skipped')
    .map((s) => `${ICON.skipped} ${s.name} (${s.file}): ${s.skipReason ?? 'skipped'}`);
}

/**
 * The line after the summary line when steps were known deviations (the summary line keeps its
 * form): `2 known deviations (not failures): scenario › step: reason; …`. Under --strict they
 * failed, and the line says so.
 */
export function deviationLine(result: Pick<RunResult, 'scenarios'>): string | undefined {
  const all = result.scenarios.flatMap((s) => s.steps.filter((st) => st.knownDeviation?.outcome === 'deviation' || st.knownDeviation?.outcome === 'strict').map((st) => ({ s, st })));
  if (all.length === 0) return undefined;
  const strict = all.some(({ st }) => st.knownDeviation?.outcome === 'strict');
  const n = all.length;
  const items = all.map(({ s, st }) => `${s.name} › ${stepLabel(st)}: ${st.knownDeviation?.reason ?? ''}`);
  return `${n} known ${n === 1 ? 'deviation' : 'deviations'} (${strict ? 'failures under --strict' : 'not failures'}): ${items.join('; ')}`;
}

/** ` with 2 known deviations` for a scenario that has any (it passed with them), else ''. */
export function deviationsSuffix(s: Pick<ScenarioResult, 'steps'>): string {
  const n = s.steps.filter((st) => st.status === 'deviation').length;
  return n === 0 ? '' : ` with ${n} known ${n === 1 ? 'deviation' : 'deviations'}`;
}

/** `claim: "the sentence" — https://page#:~:text=…`, for a step with a claim. */
export function claimLine(step: Pick<StepResult, 'claim'>): string | undefined {
  const c = step.claim;
  if (c === undefined) return undefined;
  return `claim: "${c.text}"${c.url ? ` — ${c.url}` : ''}`;
}

/** For interrupted runs: one line that says so; otherwise undefined. */
export function interruptedLine(result: RunResult): string | undefined {
  if (result.status !== 'interrupted') return undefined;
  const n = result.scenarios.filter((s) => s.status === 'interrupted').length;
  const by = result.interruptedBy ? ` by ${result.interruptedBy}` : '';
  return `${ICON.warning} Interrupted${by}: the run stopped early${n > 0 ? ` (${n} ${n === 1 ? 'scenario' : 'scenarios'} did not finish)` : ''}.`;
}

/** For runs that could not use the engine: one line with why. */
export function environmentErrorLine(result: RunResult): string | undefined {
  if (result.status !== 'environment-error') return undefined;
  return `${ICON.failed} Environment error: ${result.environment.engineError ?? 'the engine cannot be used'}`;
}

/** The closing block every renderer prints: skip reasons, interruption, then the summary line. */
export function summaryBlock(result: RunResult): string[] {
  const lines: string[] = [];
  const skips = skipReasonLines(result);
  if (skips.length > 0) lines.push('Skipped:', ...skips.map((l) => `  ${l}`));
  const env = environmentErrorLine(result);
  if (env) lines.push(env);
  const intr = interruptedLine(result);
  if (intr) {
    lines.push(intr);
    // Scenarios the interruption kept from starting emitted no events: name them here.
    for (const s of result.scenarios) {
      if (s.status === 'interrupted' && s.steps.length === 0) lines.push(`  ${ICON.warning} ${s.name} (${s.file}): ${s.skipReason ?? 'not run'}`);
    }
  }
  lines.push(summaryLine(result));
  return lines;
}

/** `proc-top: docker top lists ping`; just the title when the step has no id (or the title is the id). */
export function stepLabel(step: Pick<StepResult, 'id' | 'title'>): string {
  if (!step.id || step.id === step.title) return step.title;
  return `${step.id}: ${step.title}`;
}

/** `view: runtime (runsc ps) — engine top listed PIDs not in the container`, when there is one. */
export function viewNote(step: Pick<StepResult, 'view' | 'notes'>): string | undefined {
  const notes = step.notes.filter((n) => n.trim() !== '').join('; ');
  if (step.view) return `view: ${step.view}${notes ? ` — ${notes}` : ''}`;
  return notes ? `note: ${notes}` : undefined;
}

/**
 * What went wrong in a step, one line each: an unexpected pass or strict deviation, the message
 * of every failed expectation (`expected …; found …`, with its `because` when given), the step's
 * error, then its claim with the page link. For a known deviation: what deviated, and the claim.
 */
export function failureLines(step: StepResult): string[] {
  const lines: string[] = [];
  const deviation = deviationFailure(step);
  if (deviation) lines.push(deviation);
  for (const e of step.expectations) {
    if (e.passed) continue;
    const msg = e.message.trim() !== '' ? e.message : `expected ${e.expected}; found ${e.found}`;
    lines.push(e.because ? `${msg} (because ${e.because})` : msg);
  }
  if (step.error) lines.push(`error [${step.error.code}]: ${step.error.message}`);
  else if (step.status === 'error' && lines.length === 0) lines.push('error: the step could not be completed');
  // What the page says, and where: the reader of a failure goes there next.
  const claim = claimLine(step);
  if (claim && lines.length > 0) lines.push(claim);
  return lines;
}

/** Marks the continuation lines of a multi-line message: text after it is quoted, never a line of isocheck's own. */
export const CONTINUATION = '│ ';

/**
 * failureLines for a terminal, from the step as the engine gave it (not an escaped view): a
 * message of several lines (a block matcher's summary and unified diff) is shown line by line,
 * each line escaped, the later ones behind a gutter (so a line in a command's output cannot pass
 * for a line of the report, such as a forged `✔ Everything passed`).
 */
export function failureLinesShown(raw: StepResult): string[] {
  return failureLines(raw).flatMap((l) => l.replace(/\n+$/, '').split(/\r?\n/).map((x, i) => (i === 0 ? oneLine(x) : `${CONTINUATION}${oneLine(x)}`)));
}

/** `[2/9]`: the step's place in its scenario, 1-based. */
export function stepPosition(position: number, total: number | undefined): string {
  return total === undefined ? `[${position}]` : `[${position}/${total}]`;
}

/** Why a step was skipped: the engine puts it in the notes (`not run: an earlier step did not pass`). */
export function skipReason(step: Pick<StepResult, 'notes'>): string {
  const why = step.notes.filter((n) => n.trim() !== '').join('; ');
  return why || 'skipped';
}
