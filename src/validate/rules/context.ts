// What a semantic rule sees: a schema-valid scenario, where its nodes are, and which variables
// exist before the first step. Rules return problems; they never throw and never see bad shapes.
import type { Problem } from '../../errors.js';
import type { JsonPath, Locator } from '../../load/locate.js';
import type { Expectation, ExpectationKey, Scenario, Step } from '../../types.js';
import { EXPECTATION_KEYS } from '../../format/kinds.js';
import { jsonPointer } from '../describe.js';

export interface RuleContext {
  file: string;
  scenario: Scenario;
  locator: Locator;
  /** Variables defined before any step: the scenario's `vars` and --var overrides. */
  vars: ReadonlySet<string>;
  /** Names given with --var (a subset of `vars`). */
  overrides: ReadonlySet<string>;
  /** Values known before any step: the scenario's `vars` with --var overrides applied. */
  values?: ReadonlyMap<string, string>;
}

/** A semantic rule: a small named check with a stable problem code. */
export interface Rule {
  name: string;
  check(ctx: RuleContext): Problem[];
}

export interface At {
  severity?: Problem['severity'];
  /** Point at the key of the last path segment instead of its value. */
  key?: boolean;
  /** Point at this text inside the value (e.g. the `${x}` in a string). */
  text?: string;
}

export function problem(ctx: RuleContext, code: string, path: JsonPath, message: string, at: At = {}): Problem {
  const pos = at.key ? ctx.locator.keyAt(path) : at.text !== undefined ? ctx.locator.textAt(path, at.text) : ctx.locator.at(path);
  return { ...pos, code, severity: at.severity ?? 'error', message, path: jsonPointer(path) };
}

/** "step 3 (proc-top)" — how messages name a step. */
export function stepName(steps: readonly Step[], index: number): string {
  const id = steps[index]?.id;
  return id === undefined ? `step ${index + 1}` : `step ${index + 1} (${id})`;
}

/** The assertion keys an expectation has (one, when the scenario is right), in file order. */
export function assertionKeys(e: Expectation): ExpectationKey[] {
  return Object.keys(e).filter((k): k is ExpectationKey => (EXPECTATION_KEYS as readonly string[]).includes(k));
}

/** Steps with their paths, in order. */
export function* steps(scenario: Scenario): Generator<{ step: Step; index: number; path: JsonPath }> {
  for (const [index, step] of scenario.steps.entries()) yield { step, index, path: ['steps', index] };
}

/** Every expectation of every step, with its path (["steps", 2, "expect", 0]). */
export function* expectations(scenario: Scenario): Generator<{ step: Step; e: Expectation; path: JsonPath }> {
  for (const { step, path } of steps(scenario)) {
    for (const [i, e] of (step.expect ?? []).entries()) yield { step, e, path: [...path, 'expect', i] };
  }
}

const RUN_OPTION_STRINGS = ['pid', 'network', 'user', 'memory', 'cpus', 'userns', 'workdir', 'hostname'] as const;
const RUN_OPTION_LISTS = ['capAdd', 'capDrop', 'securityOpt', 'tmpfs'] as const;

/** Every string of a step that `${…}` is interpolated in, with its path. */
export function* interpolated(step: Step, base: JsonPath): Generator<{ path: JsonPath; text: string }> {
  // The path is built only for a string that is there (most optional fields are not).
  const strings = function* (value: unknown, ...tail: (string | number)[]): Generator<{ path: JsonPath; text: string }> {
    if (typeof value === 'string') yield { path: [...base, ...tail], text: value };
  };
  if (step.kind === 'run') {
    yield* strings(step.image, 'image');
    for (const [name, value] of Object.entries(step.env ?? {})) yield* strings(value, 'env', name);
    // Run options are interpolated too (plan/argv.ts): a user name may come from a capture.
    for (const k of RUN_OPTION_STRINGS) yield* strings(step[k], k);
    for (const k of RUN_OPTION_LISTS) for (const [i, v] of (step[k] ?? []).entries()) yield* strings(v, k, i);
  }
  if (step.kind === 'run' || step.kind === 'exec' || step.kind === 'command') {
    for (const [i, arg] of (step.command ?? []).entries()) yield* strings(arg, 'command', i);
  }
  if (step.kind === 'top' || step.kind === 'host-processes') {
    for (const field of ['name', 'pid', 'pattern'] as const) yield* strings(step.match?.[field], 'match', field);
  }
  for (const [i, e] of (step.expect ?? []).entries()) {
    if ('pid' in e) yield* strings(e.pid, 'expect', i, 'pid');
    for (const stream of ['output', 'stderr'] as const) {
      const match = stream in e ? (e as Record<typeof stream, Record<string, unknown>>)[stream] : undefined;
      for (const field of ['contains', 'notContains', 'matches', 'notMatches', 'block'] as const) yield* strings(match?.[field], 'expect', i, stream, field);
    }
  }
  for (const [name, c] of Object.entries(step.capture ?? {})) if (typeof c === 'object') yield* strings(c.regex, 'capture', name, 'regex');
}
