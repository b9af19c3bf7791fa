// --markdown FILE: a transcript a docs author can put next to the page a scenario checks.
//
//   # <scenario name>                     (one scenario; with several: "# isocheck run" and a
//                                          "## <name>" section per scenario)
//   Source link (url#section), note, description, the scenario's result line
//   Environment: isocheck, host, engine, runtimes
//   Containers: step, id, isolation, engine flags
//   Steps, in run order: "✔ N. id: title (duration)" (≠ for a known deviation), the step's claim
//   with the page link and a knownDeviation's verdict, the view note, the command(s) as a user
//   would type them (POSIX-quoted, display only) in a ```sh block, the real output in a ```text
//   block (for top/host-processes steps the process table as shown), captured values, then the
//   expectations as a list (✔/✖ description; expected/found for failures).
//   Skipped scenarios and steps with their reason; interrupted runs say so at the top.
//   The summary block (skip reasons, `N passed, N failed, N skipped (…)`) closes the file.
//
// With --normalize every piece of text goes through one shared Normalizer (normalize.ts), and
// durations/times print as <duration>/<time>: two runs of the same scenario give the same file.
import type { EnvironmentFingerprint, RunResult, ScenarioResult, StepResult } from '../../execute/results.js';
import { formatDuration } from '../../format/duration.js';
import { block, oneLine } from '../../format/escape.js';
import type { Source } from '../../types.js';
import { commandLines } from '../commands.js';
import { normalizerFor, pidKindOf, type Normalizer, type PidKind } from '../normalize.js';
import { ICON, deviationLine, interruptedLine, scenarioIcon, skipReason, stepIcon, stepLabel, summaryBlock, summaryLine, viewNote } from '../summary.js';
import { deviationFailure } from '../../execute/deviation.js';
import { sourceLink } from '../../format/claim.js';

export interface MarkdownOptions {
  normalize: boolean;
}

/**
 * Escape text for Markdown prose (not code): newlines read as spaces, every other control shown
 * escaped (oneLine: `\x1b[2J`), inline markup, HTML/autolinks, table pipes and heading hashes
 * escaped — a value can neither start a line of its own nor close the element it is in.
 */
export function mdText(text: string): string {
  return text.split(/\r?\n/).map(oneLine).join(' ').replace(/[\\`*_[\]<>|#]/g, '\\$&');
}

/** Text for inline code: one safe line, backticks dropped (they would end the span). */
export const code = (text: string): string => oneLine(text).replace(/`/g, '');

/** A fenced code block whose fence is longer than any backtick run inside. */
export function fence(content: string, lang = ''): string {
  const longest = Math.max(0, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(Math.max(3, longest + 1));
  return `${f}${lang}\n${content.replace(/\n+$/, '')}\n${f}`;
}

function linkUrl(url: string): string {
  const safe = oneLine(url);
  return /[\s()<>]/.test(safe) ? `<${safe.replace(/[<>]/g, encodeURIComponent)}>` : safe;
}

class Writer {
  readonly lines: string[] = [];
  constructor(private readonly n: Normalizer | undefined) {}

  /** Text as the run produced it: cleaned (no ANSI, controls made visible), normalized when asked. */
  t(text: string): string {
    const clean = block(text);
    return this.n ? this.n.text(clean) : clean;
  }

  /** Texts that follow are step `label`'s (its new PIDs are numbered within it, of that kind). */
  at(label: string, kind: PidKind): void {
    this.n?.at(label, kind);
  }

  capture(name: string, value: string): string {
    const clean = oneLine(value);
    return this.n ? this.n.capture(name, clean) : clean;
  }

  dur(ms: number): string {
    return this.n ? this.n.duration(ms) : formatDuration(ms);
  }

  time(iso: string): string {
    return oneLine(this.n ? this.n.time(iso) : iso);
  }

  para(...text: string[]): void {
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== '') this.lines.push('');
    this.lines.push(...text);
  }

  heading(level: number, text: string): void {
    this.para(`${'#'.repeat(Math.min(6, level))} ${text}`);
  }
}

function sourceLines(w: Writer, src: Source): void {
  const url = sourceLink(src);
  const label = mdText(src.title ?? src.url);
  w.para(`Source: [${label}](${linkUrl(url)})${src.section ? ` — section \`${code(src.section)}\`` : ''}`);
  if (src.quote) w.para(`> ${mdText(src.quote)}`);
  if (src.note) w.para(`> ${mdText(w.t(src.note))}`);
}

function environmentLines(w: Writer, env: EnvironmentFingerprint, level: number): void {
  w.heading(level, 'Environment');
  const items = [
    `- isocheck: ${mdText(env.isocheckVersion)} (Node ${mdText(env.node)})`,
    `- Host: ${mdText(`${env.host.os} ${env.host.release} (${env.host.platform}, ${env.host.arch})`)}${env.root ? ', as root' : ''}`,
  ];
  const e = env.engine;
  if (e) {
    const os = [e.osType, e.operatingSystem, e.kernelVersion ? `kernel ${e.kernelVersion}` : undefined].filter(Boolean).join(', ');
    items.push(`- Engine: Docker ${mdText(e.version)}${e.apiVersion ? ` (API ${mdText(e.apiVersion)})` : ''} — ${mdText(os)}`);
    items.push(`- Runtimes: ${e.runtimes.length > 0 ? mdText(e.runtimes.join(', ')) : 'none reported'}${e.defaultRuntime ? ` (default ${mdText(e.defaultRuntime)})` : ''}`);
    if (e.defaultIsolation) items.push(`- Default isolation: ${mdText(e.defaultIsolation)}`);
    if (e.cgroupVersion) items.push(`- cgroup: v${mdText(e.cgroupVersion)}${e.cgroupDriver ? ` (${mdText(e.cgroupDriver)})` : ''}`);
  }
  if (env.engineError) items.push(`- Engine error: ${mdText(w.t(env.engineError))}`);
  w.para(...items);
}

/** Next to the step: the page's sentence it checks (with the link), and a knownDeviation's verdict. */
function claimLines(w: Writer, step: StepResult): void {
  const c = step.claim;
  if (c) w.para(`Claim: “${mdText(c.text)}”${c.url ? ` — [on the page](${linkUrl(c.url)})` : ''}`);
  const d = step.knownDeviation;
  if (d?.outcome === 'deviation') w.para(`**${ICON.deviation} Known deviation** (not a failure): ${mdText(d.reason)}`);
  const failed = deviationFailure(step);
  if (failed) w.para(`**${ICON.failed} ${mdText(failed)}**`);
}

function stepSection(w: Writer, step: StepResult, position: number, level: number, scope: string): void {
  w.at(`${scope}${position}`, pidKindOf(step));
  const label = mdText(w.t(stepLabel(step)));
  if (step.status === 'skipped') {
    w.heading(level, `${ICON.skipped} ${position}. ${label}`);
    w.para(`_${mdText(w.t(skipReason(step)))}_`);
    claimLines(w, step);
    return;
  }
  w.heading(level, `${stepIcon(step.status)} ${position}. ${label} (${w.dur(step.durationMs)})`);
  claimLines(w, step);
  const note = viewNote(step);
  if (note) w.para(`_${mdText(w.t(note))}_`);
  const cmds = commandLines(step);
  const main = cmds.filter((c) => c.purpose === undefined);
  if (main.length > 0) w.para(fence(main.map((c) => w.t(c.line)).join('\n'), 'sh'));
  const repeated = main.filter((c) => c.times > 1).map((c) => c.times);
  if (repeated.length > 0) w.para(`_Ran ${repeated.join(' and ')} times while waiting for the expectations._`);
  const last = main[main.length - 1]?.last;
  w.para(step.output.trim() === '' ? '_(no output)_' : fence(w.t(step.output), 'text'));
  // The runtime's view was shown: the engine's own `top` output stays in the transcript, labelled.
  if (step.kind === 'top' && last && last.stdout.trim() !== '' && last.stdout.trim() !== step.output.trim()) {
    // The engine's top lists host PIDs whatever view was chosen.
    w.at(`${scope}${position}`, 'host');
    w.para(`Engine \`top\` output (not used${step.view ? `; shown above: ${mdText(step.view)}` : ''}):`, '', fence(w.t(last.stdout), 'text'));
    w.at(`${scope}${position}`, pidKindOf(step));
  }
  const also = cmds.filter((c) => c.purpose !== undefined);
  if (also.length > 0) w.para(...also.map((c) => `- also ran (${mdText(c.purpose ?? '')}): \`${oneLine(w.t(c.line)).replace(/`/g, "'")}\`${c.times > 1 ? ` (${c.times} times)` : ''}`));
  if (last) {
    if (last.exitCode !== 0 && last.exitCode !== null) w.para(`Exit code: ${last.exitCode}`);
    if (last.timedOut) w.para('_The command timed out._');
    if (last.stderr.trim() !== '' && !step.output.includes(last.stderr.trim())) w.para('stderr:', '', fence(w.t(last.stderr), 'text'));
  }
  const caps = Object.entries(step.captures);
  if (caps.length > 0) w.para(`Captured: ${caps.map(([k, v]) => `\`${code(k)}\` = \`${w.capture(k, v).replace(/`/g, "'")}\``).join(', ')}`);
  let items: string[] = [];
  const flush = (): void => {
    if (items.length > 0) w.para(...items);
    items = [];
  };
  for (const e of step.expectations) {
    // The author's words: not normalized (a number there is theirs, not the run's).
    const because = e.because ? ` — because ${mdText(e.because)}` : '';
    if (e.passed) {
      items.push(`- ${ICON.passed} ${mdText(w.t(e.description))} — found ${mdText(w.t(e.found))}${because}`);
      continue;
    }
    // A "found" of several lines (a block matcher's diff): its first line in the list, the rest in
    // a code block right after it (at the margin, where every Markdown reader sees a code block).
    const [head = '', ...rest] = w.t(e.found).replace(/\n+$/, '').split('\n');
    items.push(`- ${ICON.failed} ${mdText(w.t(e.description))}${because}`, `  - expected: ${mdText(w.t(e.expected))}`, `  - found: ${mdText(head)}`);
    if (rest.length > 0) {
      flush();
      w.para(fence(rest.join('\n'), /\(- page, \+ actual\):$/.test(head) ? 'diff' : 'text'));
    }
  }
  if (step.error) items.push(`- ${ICON.failed} error \`${code(step.error.code)}\`: ${mdText(w.t(step.error.message))}`);
  flush();
  pageBlocks(w, step);
}

/** The page beside the result: each block matcher's block, and what we got when it matched (else the diff above says). */
function pageBlocks(w: Writer, step: StepResult): void {
  for (const e of step.expectations) {
    if (e.page === undefined) continue;
    w.para('Page says:', '', fence(w.t(e.page), 'text'));
    if (e.passed) w.para('We got:', '', fence(w.t(step.output), 'text'));
  }
}

function scenarioSection(w: Writer, s: ScenarioResult, run: RunResult, level: number, titled: boolean, scope = ''): void {
  if (titled) w.heading(level, `${scenarioIcon(s.status)} ${mdText(s.name)}`);
  if (s.source) sourceLines(w, s.source);
  if (s.description.trim() !== '') w.para(mdText(w.t(s.description.trim())));
  const passed = s.steps.filter((st) => st.status === 'passed').length;
  const bad = s.steps.filter((st) => st.status === 'failed' || st.status === 'error').length;
  const deviations = s.steps.filter((st) => st.status === 'deviation').length;
  const known = deviations > 0 ? `, ${deviations} known ${deviations === 1 ? 'deviation' : 'deviations'}` : '';
  const steps = s.steps.length > 0 ? ` — ${passed} of ${s.steps.length} steps passed${bad > 0 ? `, ${bad} failed` : ''}${known}` : '';
  w.para(`**${scenarioIcon(s.status)} ${s.status}**${steps} · \`${code(s.file)}\` · ${w.dur(s.durationMs)}`);
  if (s.status === 'skipped' || (s.steps.length === 0 && s.skipReason)) {
    const why = (s.skipReason ?? s.status).replace(/^not run:\s*/i, '');
    w.para(`${s.status === 'skipped' ? 'Skipped' : 'Not run'}: ${mdText(w.t(why))}`);
  }
  if (s.status === 'interrupted') w.para(`${ICON.warning} Interrupted${run.interruptedBy ? ` by ${mdText(run.interruptedBy)}` : ''}: this transcript is incomplete.`);
  if (s.containers.length > 0) {
    w.heading(level + 1, 'Containers');
    w.para(
      '| step | container | isolation | engine flags |',
      '| --- | --- | --- | --- |',
      ...s.containers.map((c) => `| ${mdText(c.stepId)} | ${mdText(w.t(c.id))} | ${mdText(c.isolation)} | ${mdText(c.flags.join(' '))} |`),
    );
  }
  if (s.steps.length > 0) {
    w.heading(level + 1, 'Steps');
    s.steps.forEach((st, i) => stepSection(w, st, i + 1, level + 2, scope));
  }
  if (s.cleanup.removed.length > 0 || s.cleanup.errors.length > 0) {
    w.heading(level + 1, 'Cleanup');
    const n = s.cleanup.removed.length;
    w.para(`Removed ${n} ${n === 1 ? 'container' : 'containers'}.`, ...s.cleanup.errors.map((e) => `- ${ICON.warning} ${mdText(w.t(e))}`));
  }
}

export function renderMarkdown(run: RunResult, o: MarkdownOptions): string {
  // A last net: every field was escaped where it was placed; nothing raw can reach the file.
  return block(`${markdownLines(run, o).join('\n')}\n`);
}

/**
 * The transcript's lines, its title a heading of level `top` (1 for a file of its own; a fleet
 * report nests each target's transcript under the target's heading). Not yet through block().
 */
export function markdownLines(run: RunResult, o: MarkdownOptions, top = 1): string[] {
  const w = new Writer(o.normalize ? normalizerFor(run) : undefined);
  const single = run.scenarios.length === 1 ? run.scenarios[0] : undefined;
  w.heading(top, single ? mdText(single.name) : 'isocheck run');
  const runLine = `Run \`${code(w.t(run.runId))}\` · started ${w.time(run.startedAt)} · **${run.status}**`;
  w.para(runLine);
  const intr = interruptedLine(run);
  if (intr) w.para(`> ${mdText(intr)}`);
  environmentLines(w, run.environment, top + 1);
  if (single) scenarioSection(w, single, run, top, false);
  else run.scenarios.forEach((s, i) => scenarioSection(w, s, run, top + 1, true, `s${i + 1}.`));
  w.heading(top + 1, 'Summary');
  const closing = summaryBlock(run).slice(0, -1);
  if (closing.length > 0) w.para(...closing.map((l) => (l === 'Skipped:' ? l : `- ${mdText(w.t(l.trim()))}`)));
  w.para(summaryLine(run, w.dur(run.durationMs)));
  const deviations = deviationLine(run);
  if (deviations) w.para(mdText(deviations));
  return w.lines;
}
