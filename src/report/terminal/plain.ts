// The `plain` renderer: one line per event that matters, no spinners, no cursor movement, so a CI
// log reads top to bottom. step:start and step:command print nothing (the step:end line carries
// the step's outcome); step:progress prints its message once per change.
//
// When scenarios run in parallel (--jobs) their lines interleave, so from the moment two are
// active at once every line is prefixed with its scenario's name, `[name] `. In quiet mode only
// failures (with their expected/found lines), environment and cleanup errors, interruptions and
// the closing summary are printed; failure lines always carry the scenario prefix there, since no
// scenario header was printed.
import type { RunEvent, ScenarioRef } from '../../execute/events.js';
import type { EnvironmentFingerprint, RunResult, ScenarioResult, StepResult } from '../../execute/results.js';
import { formatDuration } from '../../format/duration.js';
import {
  ICON,
  deviationLine,
  deviationsSuffix,
  failureLinesShown,
  scenarioIcon,
  skipReason,
  stepIcon,
  stepLabel,
  stepPosition,
  summaryBlock,
  viewNote,
} from '../summary.js';
import { escapedView } from '../../format/escape.js';
import { RunPlan } from './plan.js';
import { createStyle, type Style } from './style.js';
import type { Reporter, TerminalStream } from './types.js';

export interface PlainOptions {
  stream: TerminalStream;
  quiet: boolean;
  color: boolean;
}

export function environmentLine(env: EnvironmentFingerprint): string {
  const host = `${env.host.os} ${env.host.release} (${env.host.arch})`;
  const parts = [`isocheck ${env.isocheckVersion}`, `host ${host}`];
  if (env.engine) {
    const e = env.engine;
    parts.push(`engine ${e.version} (${e.osType}${e.operatingSystem ? `, ${e.operatingSystem}` : ''})`);
    if (e.runtimes.length > 0) parts.push(`runtimes ${e.runtimes.join(', ')}${e.defaultRuntime ? ` (default ${e.defaultRuntime})` : ''}`);
    if (e.defaultIsolation) parts.push(`isolation ${e.defaultIsolation}`);
  }
  return parts.join(' · ');
}

export class PlainReporter implements Reporter {
  private readonly plan = new RunPlan();
  private readonly s: Style;
  private readonly active = new Set<string>();
  private readonly headed = new Set<string>();
  private readonly lastProgress = new Map<string, string>();
  private parallel = false;
  private ended = false;

  constructor(private readonly o: PlainOptions) {
    this.s = createStyle(o.color);
  }

  /** Every string an event carries is shown through oneLine (format/escape.ts): see render(). */
  onEvent(raw: RunEvent): void {
    // Failure messages are split into lines before escaping (a block matcher's diff).
    this.render(escapedView(raw), raw.type === 'step:end' ? failureLinesShown(raw.result) : []);
  }

  private render(e: RunEvent, failures: string[]): void {
    switch (e.type) {
      case 'run:start':
        this.plan.load(e);
        if (!this.o.quiet) this.line(this.s.dim(environmentLine(e.environment)));
        if (e.environment.engineError) this.line(this.s.red(`${ICON.failed} engine: ${e.environment.engineError}`));
        return;
      case 'scenario:start':
        this.active.add(e.scenario.key);
        if (this.active.size > 1) this.parallel = true;
        this.header(e.scenario);
        return;
      case 'scenario:skip':
        if (this.o.quiet) return;
        this.header(e.scenario);
        this.line(`  ${this.s.yellow(ICON.skipped)} skipped: ${e.reason}`, e.scenario);
        return;
      case 'step:start':
      case 'step:command':
        return;
      case 'step:progress': {
        if (this.o.quiet) return;
        const k = `${e.scenario.key}\u0000${e.index}`;
        if (this.lastProgress.get(k) === e.message) return;
        this.lastProgress.set(k, e.message);
        const { position, total } = this.plan.position(e.scenario.key, e.index);
        this.line(this.s.dim(`    … ${stepPosition(position, total)} ${e.message}`), e.scenario);
        return;
      }
      case 'step:end':
        this.stepEnd(e.scenario, e.result, failures);
        return;
      case 'scenario:cleanup':
        if (!this.o.quiet && e.removed.length > 0) {
          const n = e.removed.length;
          this.line(this.s.dim(`  cleanup: removed ${n} ${n === 1 ? 'container' : 'containers'}`), e.scenario);
        }
        for (const err of e.errors) this.line(this.s.yellow(`  ${ICON.warning} cleanup: ${err}`), e.scenario, this.o.quiet);
        return;
      case 'scenario:end':
        this.active.delete(e.scenario.key);
        this.scenarioEnd(e.scenario, e.result);
        return;
      case 'pull:start':
        return;
      case 'pull:end': // one line per pulled image (execute/pull.ts)
        if (e.ok) {
          if (!this.o.quiet) this.line(this.s.dim(`pulled ${e.image} (${formatDuration(e.durationMs)})`));
        }
        else this.line(this.s.red(`${ICON.failed} docker pull ${e.image} failed: ${e.message ?? ''}`));
        return;
      case 'run:interrupt':
        this.line(this.s.yellow(`${ICON.warning} Interrupted (${e.signal}): stopping and cleaning up…`));
        return;
      case 'run:end':
        this.runEnd(e.result);
        return;
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private header(ref: ScenarioRef): void {
    if (this.o.quiet || this.headed.has(ref.key)) return;
    this.headed.add(ref.key);
    this.line(this.s.bold(`${ICON.scenario} ${ref.name} (${ref.file})`), ref);
  }

  private stepEnd(ref: ScenarioRef, r: StepResult, failures: string[]): void {
    const failed = r.status === 'failed' || r.status === 'error';
    if (this.o.quiet && !failed) return;
    const { position, total } = this.plan.position(ref.key, r.index);
    const icon = r.status === 'passed' ? this.s.green(stepIcon(r.status)) : r.status === 'skipped' || r.status === 'deviation' ? this.s.yellow(stepIcon(r.status)) : this.s.red(stepIcon(r.status));
    const tail = r.status === 'skipped' ? this.s.dim(` — ${skipReason(r)}`) : this.s.dim(` (${formatDuration(r.durationMs)})`);
    const deviation = r.status === 'deviation' ? ` ${this.s.yellow(`— known deviation: ${r.knownDeviation?.reason ?? ''}`)}` : '';
    // Quiet lines carry the scenario prefix instead of sitting under a scenario header.
    const [step, detail] = this.o.quiet ? ['', '    '] : ['  ', '      '];
    this.line(`${step}${icon} ${stepPosition(position, total)} ${stepLabel(r)}${tail}${deviation}`, ref, this.o.quiet);
    if (failed) {
      for (const l of failures) this.line(`${detail}${this.s.red(l)}`, ref, this.o.quiet);
    } else if (r.status === 'deviation') {
      for (const l of failures) this.line(`${detail}${this.s.dim(l)}`, ref);
    }
    const note = r.status === 'skipped' ? undefined : viewNote(r);
    if (note && (failed || r.notes.length > 0)) this.line(this.s.dim(`${detail}${note}`), ref, this.o.quiet);
  }

  private scenarioEnd(ref: ScenarioRef, r: ScenarioResult): void {
    if (r.status === 'skipped') return; // said at scenario:skip and in the summary
    const bad = r.status !== 'passed';
    if (this.o.quiet && !bad) return;
    const paint = r.status === 'passed' ? this.s.green : r.status === 'interrupted' ? this.s.yellow : this.s.red;
    // The line names its scenario: no prefix needed in quiet mode.
    this.line(`${paint(scenarioIcon(r.status))} ${r.name}: ${r.status}${deviationsSuffix(r)} ${this.s.dim(`(${formatDuration(r.durationMs)})`)}`, ref);
    if (r.steps.length === 0 && r.skipReason) this.line(`  ${r.skipReason}`, ref, this.o.quiet);
  }

  private runEnd(r: RunResult): void {
    if (this.ended) return;
    this.ended = true;
    if (!this.o.quiet || r.scenarios.some((s) => s.status !== 'passed' && s.status !== 'skipped')) this.write('\n');
    const block = summaryBlock(r);
    const last = block.pop() ?? '';
    for (const l of block) this.line(l.startsWith(ICON.skipped) || l.startsWith(' ') || l === 'Skipped:' ? this.s.dim(l) : this.s.yellow(l));
    // The summary line is never coloured: CI log readers grep for its start.
    this.line(last);
    const deviations = deviationLine(r);
    if (deviations) this.line(deviations);
  }

  private line(text: string, ref?: ScenarioRef, forcePrefix = false): void {
    const prefix = ref && (this.parallel || forcePrefix) ? `${this.s.cyan(`[${ref.name}]`)} ` : '';
    this.write(`${prefix}${text}\n`);
  }

  private write(text: string): void {
    this.o.stream.write(text);
  }
}
