// Regular expressions (match.pattern, output/stderr matches, capture regex) must compile as
// JavaScript regexes (multiline), and a capture's group must exist.
import { compileRegex } from '../../format/regex.js';
import type { Problem } from '../../errors.js';
import { findReferences } from '../../format/interpolate.js';
import type { JsonPath } from '../../load/locate.js';
import type { Rule, RuleContext } from './context.js';
import { problem, steps } from './context.js';

/** Compile with references replaced by plain text (their values are only known at run time). */
function compile(source: string): { groups: number } | { error: string } {
  let text = source;
  for (const ref of findReferences(source).reverse()) text = text.slice(0, ref.start) + 'x' + text.slice(ref.end);
  try {
    compileRegex(text, 'm');
    // Alternating with the empty regex makes it match "", so exec tells how many groups there are.
    return { groups: (new RegExp(`${text}|`, 'm').exec('')?.length ?? 1) - 1 };
  } catch (err) {
    const detail = err instanceof Error ? err.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '') : String(err);
    return { error: detail };
  }
}

function check(ctx: RuleContext, source: string, path: JsonPath, group?: number): Problem[] {
  const result = compile(source);
  const shown = source.length > 60 ? `${source.slice(0, 60)}…` : source;
  if ('error' in result) return [problem(ctx, 'bad-regex', path, `${JSON.stringify(shown)} is not a valid regular expression: ${result.error}`)];
  if (group !== undefined && group > result.groups) {
    const has = result.groups === 1 ? '1 group' : `${result.groups} groups`;
    return [problem(ctx, 'bad-regex', [...path.slice(0, -1), 'group'], `group ${group} does not exist: the regex has ${has}`)];
  }
  return [];
}

export const regexes: Rule = {
  name: 'bad-regex',
  check(ctx) {
    const out: Problem[] = [];
    for (const { step, path } of steps(ctx.scenario)) {
      if ((step.kind === 'top' || step.kind === 'host-processes') && step.match?.pattern !== undefined) {
        out.push(...check(ctx, step.match.pattern, [...path, 'match', 'pattern']));
      }
      for (const [i, e] of (step.expect ?? []).entries()) {
        if ('output' in e && e.output.matches !== undefined) out.push(...check(ctx, e.output.matches, [...path, 'expect', i, 'output', 'matches']));
        if ('stderr' in e && e.stderr.matches !== undefined) out.push(...check(ctx, e.stderr.matches, [...path, 'expect', i, 'stderr', 'matches']));
      }
      for (const [name, capture] of Object.entries(step.capture ?? {})) {
        if (typeof capture === 'object') out.push(...check(ctx, capture.regex, [...path, 'capture', name, 'regex'], capture.group));
      }
    }
    return out;
  },
};
