// What a step's result may carry into reports. Applied once, where a step's commands and result
// leave the engine (execute/scenario.ts, before any event is emitted), so every reporter —
// terminal, JSON, JUnit, Markdown, fleet — only ever sees the redacted, scoped texts.
//
//   redact:  the scenario's regexes (RE2, linear time): each match becomes [REDACTED] (or the
//            rule's `as`) in argv, stdout, stderr, output, captures, expectations, notes, errors.
//            The run itself keeps the real values (a captured secret still works in later steps).
//   scope:   a host process table dump (the probe container's /proc dump, PowerShell's list) holds
//            every host process's command line: it is recorded as a one-line summary unless the
//            step is a host-processes step with `show: all`.
import type { CommandRecord, StepResult } from '../execute/results.js';
import { compileRegex, RegexError, type ScenarioRegex } from '../format/regex.js';
import type { RedactRule, Step } from '../types.js';

export const REDACTED = '[REDACTED]';
/** Purposes of the commands that list the host's whole process table (host/probes.ts, probe-container.ts). */
const HOST_TABLE_PURPOSE = /^host process table\b/;

type Rule = { re: ScenarioRegex; as: string };

export class Redactor {
  private readonly rules: Rule[];

  constructor(rules: readonly RedactRule[] = []) {
    // The validator reports bad patterns with their position; a scenario that got here has none.
    this.rules = rules.map((r) => (typeof r === 'string' ? { re: compileRegex(r), as: REDACTED } : { re: compileRegex(r.pattern), as: r.as ?? REDACTED }));
  }

  get active(): boolean {
    return this.rules.length > 0;
  }

  text(s: string): string {
    let out = s;
    for (const r of this.rules) out = replace(r, out);
    return out;
  }

  /** The record as reports may show it: scoped (host tables) and redacted. */
  command(rec: CommandRecord, step: Pick<Step, 'kind'> & { show?: string }): CommandRecord {
    const scoped = HOST_TABLE_PURPOSE.test(rec.purpose ?? '') && !(step.kind === 'host-processes' && step.show === 'all') ? { ...rec, stdout: tableSummary(rec.stdout) } : rec;
    if (!this.active) return scoped;
    return { ...scoped, argv: scoped.argv.map((a) => this.text(a)), stdout: this.text(scoped.stdout), stderr: this.text(scoped.stderr) };
  }

  /** Redacts a finished step's texts in place (its commands were redacted as they were recorded). */
  step(r: StepResult): void {
    if (!this.active) return;
    const t = (s: string): string => this.text(s);
    r.title = t(r.title);
    r.output = t(r.output);
    r.notes = r.notes.map(t);
    for (const [k, v] of Object.entries(r.captures)) r.captures[k] = t(v);
    r.expectations = r.expectations.map((e) => ({
      ...e, description: t(e.description), expected: t(e.expected), found: t(e.found), message: t(e.message), ...(e.because !== undefined ? { because: t(e.because) } : {}), ...(e.page !== undefined ? { page: t(e.page) } : {}),
    }));
    if (r.error) r.error = { ...r.error, message: t(r.error.message) };
  }
}

/** The dump a host table command printed, as one line saying what was left out. */
export function tableSummary(stdout: string): string {
  if (stdout === '') return '';
  const processes = (stdout.match(/^P \d+$/gm) ?? []).length;
  const what = processes > 0 ? `${processes} ${processes === 1 ? 'process' : 'processes'}, ` : '';
  return `<${what}${Buffer.byteLength(stdout)} bytes: not recorded (show: all to keep)>`;
}

/** One rule over a text; a text too long for one linear-time pass is redacted line by line. */
function replace(r: Rule, s: string): string {
  try {
    return r.re.replaceAll(s, r.as);
  } catch (e) {
    if (!(e instanceof RegexError)) throw e;
  }
  return s.split('\n').map((line) => {
    try {
      return r.re.replaceAll(line, r.as);
    } catch (e) {
      if (!(e instanceof RegexError)) throw e;
      return `${REDACTED} (a line too long to check for secrets)`;
    }
  }).join('\n');
}

const cache = new WeakMap<object, Redactor>();
/** The scenario's redactor, built once per scenario object. */
export function redactorOf(scenario: { redact?: readonly RedactRule[] }): Redactor {
  let r = cache.get(scenario);
  if (r === undefined) {
    r = new Redactor(scenario.redact ?? []);
    cache.set(scenario, r);
  }
  return r;
}
