// Regular expressions (match.pattern, output/stderr matches and notMatches, capture regex) must compile with RE2
// (the engine the run uses, linear time) within its limits, and a capture's group must exist.
// A `${name}` is literal text at run time: a known var is inserted quoted, anything else as "x".
// A `${re:name}` is regex syntax: a known var is inserted as is (so a var that breaks the pattern
// is caught here); a capture is unknown until the run, which then checks it (step error bad-regex).
import type { Problem } from '../../errors.js';
import { findReferences, interpolate } from '../../format/interpolate.js';
import { compileRegex, quoteRegex, REGEX_LIMITS, RegexError } from '../../format/regex.js';
import type { JsonPath } from '../../load/locate.js';
import type { TextMatch } from '../../types.js';
import type { Rule, RuleContext } from './context.js';
import { problem, steps } from './context.js';

/** The last key of a path to a string that is a regular expression. */
export const REGEX_FIELDS: ReadonlySet<string> = new Set(['pattern', 'matches', 'notMatches', 'regex']);
export const isRegexPath = (path: JsonPath): boolean => REGEX_FIELDS.has(String(path[path.length - 1])) && path.includes('steps');

function compile(ctx: RuleContext, source: string): { groups: number; exact: boolean } | { error: string } {
  let exact = true;
  const lookup = (name: string, raw: boolean): string => {
    const v = name.includes('.') ? undefined : ctx.values?.get(name);
    if (v !== undefined) return v;
    if (raw) exact = false;
    return raw ? '(?:)' : 'x';
  };
  const r = interpolate(source, lookup, { quote: quoteRegex, max: REGEX_LIMITS.length, chars: true });
  const plain = findReferences(source).length === 0;
  if (r.tooLarge && !plain) return { error: `after interpolating the variables the regular expression is over ${REGEX_LIMITS.length} characters, the limit` };
  const text = r.tooLarge ? source : r.value;
  try {
    return { groups: compileRegex(text, { multiline: true }).groups, exact };
  } catch (err) {
    if (err instanceof RegexError) return { error: err.message };
    throw err;
  }
}

function check(ctx: RuleContext, source: string, path: JsonPath, group?: number): Problem[] {
  const result = compile(ctx, source);
  // RE2 names the offending part (`[a-z`): point at it inside the value when it is written there.
  // A backslash is written doubled in a quoted YAML string, so such a part is not searched for.
  if ('error' in result) {
    const part = (/`([^`]+)`$/.exec(result.error)?.[1] ?? '').replace(/^\(\?m\)/, '');
    return [problem(ctx, 'bad-regex', path, result.error, part.includes('\\') ? {} : { text: part })];
  }
  if (group !== undefined && group > result.groups && result.exact) {
    const has = result.groups === 1 ? '1 group' : `${result.groups} groups`;
    return [problem(ctx, 'bad-regex', [...path.slice(0, -1), 'group'], `group ${group} does not exist: the regex has ${has}`)];
  }
  return [];
}

/** `redact:` patterns are used as written (no interpolation: a secret is not a variable). */
function redactProblems(ctx: RuleContext): Problem[] {
  const out: Problem[] = [];
  for (const [i, rule] of (ctx.scenario.redact ?? []).entries()) {
    const source = typeof rule === 'string' ? rule : rule.pattern;
    const path: JsonPath = typeof rule === 'string' ? ['redact', i] : ['redact', i, 'pattern'];
    try {
      compileRegex(source);
    } catch (err) {
      if (!(err instanceof RegexError)) throw err;
      const part = /`([^`]+)`$/.exec(err.message)?.[1] ?? '';
      out.push(problem(ctx, 'bad-regex', path, err.message, part.includes('\\') ? {} : { text: part }));
    }
  }
  return out;
}

export const regexes: Rule = {
  name: 'bad-regex',
  check(ctx) {
    const out: Problem[] = redactProblems(ctx);
    for (const { step, path } of steps(ctx.scenario)) {
      if ((step.kind === 'top' || step.kind === 'host-processes') && step.match?.pattern !== undefined) {
        out.push(...check(ctx, step.match.pattern, [...path, 'match', 'pattern']));
      }
      for (const [i, e] of (step.expect ?? []).entries()) {
        for (const stream of ['output', 'stderr'] as const) {
          const m = stream in e ? (e as Partial<Record<typeof stream, TextMatch>>)[stream] : undefined;
          for (const field of ['matches', 'notMatches'] as const) {
            const source = m?.[field];
            if (source !== undefined) out.push(...check(ctx, source, [...path, 'expect', i, stream, field]));
          }
        }
      }
      for (const [name, capture] of Object.entries(step.capture ?? {})) {
        if (typeof capture === 'object') out.push(...check(ctx, capture.regex, [...path, 'capture', name, 'regex'], capture.group));
      }
    }
    return out;
  },
}
