// --junit FILE: JUnit XML as Jenkins, GitLab and GitHub test reporters read it.
//
// Mapping (a scenario file holds one scenario):
//   <testsuites name="isocheck">      the run; tests/failures/errors/skipped/time are the sums
//     <testsuite name=FILE>           one per scenario file; <properties> carry the scenario name,
//                                     its status, the run id and status, interruptedBy, the source
//                                     url and the isocheck/engine versions
//       <testcase name="ID: TITLE" classname=SCENARIO NAME time=SECONDS file=FILE>
//                                     one per STEP, in run order
//         <failure message="expected …; found …" type="expectation">  failed expectations
//         <error message=… type=CODE>                                 step errors (timeouts, …)
//         <skipped message="not run: an earlier step did not pass"/>  steps the engine skipped
//         <skipped message="known deviation: WHY"/>  a knownDeviation step whose expectations failed
//                                     (pytest's xfail); an unexpected pass is a <failure>
//         <system-out>                the commands (as typed), the step's output and its exit code
//         <system-err>                the stderr of the step's commands (bounded)
//       A failure's message ends with the step's claim and the page link, when it has one.
// Special cases:
//   - a scenario skipped before any step (requirements not met) is ONE testcase named after the
//     scenario with <skipped message=REASON/>; if the result lists its steps, one per step.
//   - an interrupted run: testsuite property isocheck.run.status=interrupted (and
//     isocheck.interruptedBy), and the steps that did not finish (skipped, or never started) are
//     <error type="interrupted">; a scenario interrupted before any step is one such testcase.
//   - a scenario in error with no step result (the engine could not be used) is one testcase with
//     <error>; cleanup errors add a testcase "cleanup" with <error> (CI goes red as the run did).
// Text is escaped for XML 1.0 (see xml.ts): `]]>`, `&`, `<` and control characters are safe.
import type { RunResult, ScenarioResult, StepResult } from '../../execute/results.js';
import { commandLines } from '../commands.js';
import { claimLine, failureLines, skipReason, stepLabel, viewNote } from '../summary.js';
import { sourceLink } from '../../format/claim.js';
import { attrs, escapeText } from './xml.js';

export interface Case {
  name: string;
  time: number;
  outcome?: { tag: 'failure' | 'error' | 'skipped'; message: string; type?: string; body?: string };
  out?: string;
  err?: string;
}

/** The most of a step's stderr a testcase carries; the JSON report has what isocheck kept. */
export const STDERR_LIMIT = 64 * 1024;

const seconds = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(3);

/** JUnit's timestamp: ISO 8601 without zone or fraction (the common XSD's pattern). */
function timestamp(iso: string): string | undefined {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.exec(iso)?.[0];
}

function stepOut(step: StepResult): string {
  const lines: string[] = [];
  for (const c of commandLines(step)) {
    const tag = [c.purpose, c.times > 1 ? `ran ${c.times} times` : undefined].filter(Boolean).join(', ');
    lines.push(`$ ${c.line}${tag ? `    # ${tag}` : ''}`);
  }
  if (step.output !== '') lines.push(step.output.replace(/\n$/, ''));
  const note = viewNote(step);
  if (note && step.status !== 'skipped') lines.push(note);
  for (const [k, v] of Object.entries(step.captures)) lines.push(`captured ${k} = ${v}`);
  if (step.status !== 'skipped') lines.push(`exit code: ${exitCode(step)}`);
  return lines.join('\n');
}

/** The exit code of the step's (last) main command; `none` when it ran none or it was killed. */
function exitCode(step: StepResult): string {
  const main = step.commands.filter((c) => c.purpose === undefined);
  const last = main[main.length - 1];
  if (last === undefined) return step.commands.length > 0 ? 'none (no main command)' : 'none (the step ran no command)';
  return last.exitCode === null ? `none (${last.timedOut ? 'timed out' : 'killed'})` : String(last.exitCode);
}

/** Every command's stderr, headed by the command when more than one wrote some; bounded. */
function stepErr(step: StepResult): string {
  const said = commandLines(step).filter((c) => c.last.stderr !== '');
  const text = said.map((c) => (said.length > 1 ? `$ ${c.line}\n${c.last.stderr.replace(/\n$/, '')}` : c.last.stderr.replace(/\n$/, ''))).join('\n');
  return text.length > STDERR_LIMIT ? `${text.slice(0, STDERR_LIMIT)}\n[… ${text.length - STDERR_LIMIT} more characters not shown]` : text;
}

function expectationBody(step: StepResult): string {
  const lines: string[] = [];
  for (const e of step.expectations) {
    lines.push(`${e.passed ? '✔' : '✖'} ${e.description}`);
    if (!e.passed) lines.push(`  expected: ${e.expected}`, `  found: ${e.found}`);
    if (e.because) lines.push(`  because: ${e.because}`);
  }
  const note = viewNote(step);
  if (note) lines.push(note);
  const claim = claimLine(step);
  if (claim) lines.push(claim);
  return lines.join('\n');
}

function interruptedMessage(reason: string, signal: string): string {
  return /interrupt/i.test(reason) ? `${reason} (${signal})` : `${reason}; the run was interrupted by ${signal}`;
}

function stepCase(step: StepResult, interrupted: string | undefined): Case {
  const c: Case = { name: stepLabel(step), time: step.durationMs / 1000 };
  const out = stepOut(step);
  if (out) c.out = out;
  const err = stepErr(step);
  if (err) c.err = err;
  if (step.status === 'failed') {
    const msgs = failureLines(step);
    const n = step.expectations.filter((e) => !e.passed).length;
    const type = step.knownDeviation?.outcome === 'unexpected-pass' ? 'unexpected-pass' : step.knownDeviation?.outcome === 'strict' ? 'known-deviation' : 'expectation';
    c.outcome = { tag: 'failure', type, message: n > 1 ? `${n} expectations failed: ${msgs.join(' | ')}` : (msgs.join(' | ') || 'failed'), body: expectationBody(step) };
  } else if (step.status === 'deviation') {
    c.outcome = { tag: 'skipped', message: `known deviation: ${step.knownDeviation?.reason ?? ''}`, body: expectationBody(step) };
  } else if (step.status === 'error') {
    c.outcome = { tag: 'error', type: step.error?.code ?? 'error', message: step.error?.message ?? 'the step could not be completed', body: expectationBody(step) };
  } else if (step.status === 'skipped') {
    c.outcome = interrupted !== undefined
      ? { tag: 'error', type: 'interrupted', message: interruptedMessage(skipReason(step), interrupted) }
      : { tag: 'skipped', message: skipReason(step) };
  }
  return c;
}

function scenarioCases(s: ScenarioResult, run: RunResult): Case[] {
  const interrupted = s.status === 'interrupted' ? (run.interruptedBy ?? 'a signal') : undefined;
  const cases = s.steps.map((st) => stepCase(st, interrupted));
  if (s.steps.length === 0) {
    const reason = s.skipReason ?? (s.status === 'error' ? run.environment.engineError : undefined) ?? s.status;
    if (s.status === 'skipped') cases.push({ name: s.name, time: 0, outcome: { tag: 'skipped', message: reason } });
    else if (s.status === 'interrupted') cases.push({ name: s.name, time: 0, outcome: { tag: 'error', type: 'interrupted', message: interruptedMessage(reason, interrupted ?? 'a signal') } });
    else if (s.status !== 'passed') cases.push({ name: s.name, time: 0, outcome: { tag: 'error', type: s.status, message: reason } });
  } else if (s.status === 'skipped') {
    for (const c of cases) if (!c.outcome) c.outcome = { tag: 'skipped', message: s.skipReason ?? 'skipped' };
  }
  if (s.cleanup.errors.length > 0) {
    cases.push({ name: 'cleanup', time: 0, outcome: { tag: 'error', type: 'cleanup', message: s.cleanup.errors.join(' | '), body: s.cleanup.errors.join('\n') } });
  }
  return cases;
}

function counts(cases: Case[]): { tests: number; failures: number; errors: number; skipped: number; time: number } {
  return {
    tests: cases.length,
    failures: cases.filter((c) => c.outcome?.tag === 'failure').length,
    errors: cases.filter((c) => c.outcome?.tag === 'error').length,
    skipped: cases.filter((c) => c.outcome?.tag === 'skipped').length,
    time: cases.reduce((t, c) => t + c.time, 0),
  };
}

function caseXml(c: Case, classname: string, file: string): string {
  const open = `    <testcase${attrs({ name: c.name, classname, time: seconds(c.time * 1000), file })}`;
  if (!c.outcome && !c.out && !c.err) return `${open}/>`;
  const lines = [`${open}>`];
  const o = c.outcome;
  if (o) {
    const a = attrs({ message: o.message, type: o.type });
    lines.push(o.body ? `      <${o.tag}${a}>${escapeText(o.body)}</${o.tag}>` : `      <${o.tag}${a}/>`);
  }
  if (c.out) lines.push(`      <system-out>${escapeText(c.out)}</system-out>`);
  if (c.err) lines.push(`      <system-err>${escapeText(c.err)}</system-err>`);
  lines.push('    </testcase>');
  return lines.join('\n');
}

/** How a suite is named and what it adds to its properties (a fleet names the target). */
export interface SuiteNaming {
  name: string;
  classname: string;
  /** Appended after the scenario's own properties. */
  properties?: Record<string, string | undefined>;
}

/** One scenario's <testsuite>, and its cases (for the run's sums). */
export function scenarioSuite(s: ScenarioResult, run: RunResult, naming: SuiteNaming = { name: s.file, classname: s.name }): { xml: string; cases: Case[] } {
  const cases = scenarioCases(s, run);
  const n = counts(cases);
  const props: Record<string, string | undefined> = {
    'isocheck.scenario': s.name,
    'isocheck.status': s.status,
    'isocheck.skipReason': s.skipReason,
    'isocheck.run.id': run.runId,
    'isocheck.run.status': run.status,
    'isocheck.interruptedBy': run.interruptedBy,
    'isocheck.source': s.source ? sourceLink(s.source) : undefined,
    'isocheck.source.quote': s.source?.quote,
    'isocheck.version': run.environment.isocheckVersion,
    'engine.version': run.environment.engine?.version,
    'engine.os': run.environment.engine?.osType,
    ...naming.properties,
  };
  const lines = [
    `  <testsuite${attrs({ name: naming.name, tests: n.tests, failures: n.failures, errors: n.errors, skipped: n.skipped, time: seconds(s.durationMs), timestamp: timestamp(s.startedAt), hostname: run.environment.host.hostname, file: s.file })}>`,
    '    <properties>',
    ...Object.entries(props)
      .filter((e): e is [string, string] => e[1] !== undefined)
      .map(([name, value]) => `      <property${attrs({ name, value })}/>`),
    '    </properties>',
    ...cases.map((c) => caseXml(c, naming.classname, s.file)),
  ];
  if (s.cleanup.errors.length > 0) lines.push(`    <system-err>${escapeText(s.cleanup.errors.join('\n'))}</system-err>`);
  lines.push('  </testsuite>');
  return { xml: lines.join('\n'), cases };
}

/** The document: <testsuites> with the sums of every suite's cases. */
export function junitDocument(suites: readonly { xml: string; cases: Case[] }[], run: Pick<RunResult, 'durationMs' | 'startedAt'>): string {
  const n = counts(suites.flatMap((s) => s.cases));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'isocheck', tests: n.tests, failures: n.failures, errors: n.errors, skipped: n.skipped, time: seconds(run.durationMs), timestamp: timestamp(run.startedAt) })}>`,
    ...suites.map((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
}

export function renderJUnit(run: RunResult): string {
  return junitDocument(run.scenarios.map((s) => scenarioSuite(s, run)), run);
}
