// One scenario text through every stage: decode → YAML → schema → semantic rules. Never throws:
// an unexpected exception becomes an `internal` problem of that file instead of ending the run.
import type { Position, Problem } from '../errors.js';
import { decodeScenario } from '../load/read.js';
import { parseYaml } from '../load/parse.js';
import type { JsonPath, Locator } from '../load/locate.js';
import type { Scenario, VarValue } from '../types.js';
import { yamlHints } from './hints.js';
import { runRules } from './rules/index.js';
import { validateScenarioValue } from './schema.js';
import { schemaProblems } from './schema-errors.js';
import { compareProblems } from './order.js';

export interface LoadedScenario {
  /** The file as given to the validator (absolute when it came from validatePaths). */
  file: string;
  scenario: Scenario;
  /** Where the node at a JSON path (e.g. ["steps", 2]) is written: file:line:col. */
  locate(path: readonly (string | number)[]): Position;
}

export interface ValidateOptions {
  /** --var name=value overrides: defined variables for the rules. */
  vars?: Record<string, string>;
}

export { compareProblems };

export const hasErrors = (problems: readonly Problem[]): boolean => problems.some((p) => p.severity === 'error');

function validate(file: string, content: string | Uint8Array, opts: ValidateOptions): { scenario?: LoadedScenario; problems: Problem[] } {
  const decoded = decodeScenario(file, content);
  if (decoded.text === undefined) return { problems: decoded.problems };
  const { parsed, problems: yamlProblems } = parseYaml(file, decoded.text);
  const problems = yamlHints(yamlProblems, decoded.text);
  if (!parsed) return { problems };
  const errors = validateScenarioValue(parsed.value);
  if (errors.length > 0) return { problems: [...problems, ...schemaProblems(errors, parsed.locator, parsed.value)] };

  const scenario = parsed.value as Scenario;
  const overrides = new Set(Object.keys(opts.vars ?? {}));
  const vars = new Set([...Object.keys(scenario.vars ?? {}), ...overrides]);
  // A mapped var ({from, map}) is known only once the engine is: measure it by its longest value.
  const known = (v: VarValue): string => (typeof v === 'string' ? v : Object.values(v.map).reduce((a, b) => (b.length > a.length ? b : a), ''));
  const values = new Map(Object.entries({ ...(scenario.vars ?? {}), ...(opts.vars ?? {}) }).map(([k, v]) => [k, known(v)] as const));
  problems.push(...runRules({ file, scenario, locator: parsed.locator, vars, overrides, values }));
  if (hasErrors(problems)) return { problems };
  return { scenario: { file, scenario, locate: lazyLocate(file, decoded.text) }, problems };
}

/**
 * Keep only the text of an accepted scenario, and parse it again on the first locate() call: a
 * YAML document with its nodes is ~100 times the size of its text, and most runs never locate.
 */
function lazyLocate(file: string, text: string): LoadedScenario['locate'] {
  let locator: Locator | undefined;
  return (path: JsonPath) => {
    locator ??= parseYaml(file, text).parsed?.locator;
    return locator?.at(path) ?? { file, line: 1, col: 1 };
  };
}

/** One problem per place and message: a broken nesting can make yaml repeat an error hundreds of times. */
function dedupe(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.line}:${p.col}:${p.code}:${p.message}`;
    return !seen.has(key) && Boolean(seen.add(key));
  });
}

/** Validate one in-memory text as if it were file `file`. Never throws. */
export function validateText(file: string, text: string | Uint8Array, opts: ValidateOptions = {}): { scenario?: LoadedScenario; problems: Problem[] } {
  try {
    const result = validate(file, text, opts);
    return { ...result, problems: dedupe(result.problems).sort(compareProblems) };
  } catch (err) {
    const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    const message = `internal error while validating this file (${detail.split('\n')[0] ?? ''}); please report it`;
    return { problems: [{ file, line: 1, col: 1, code: 'internal', severity: 'error', message }] };
  }
}
