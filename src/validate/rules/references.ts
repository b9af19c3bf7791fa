// ${name} must be defined when the step runs: a variable (vars or --var), a value captured by an
// earlier step, or ${id.id} / ${id.name} / ${id.pid} of an earlier run step. ${re:name} (the value as regex
// syntax, see format/interpolate.ts) is allowed in regex fields only. Malformed references are errors
// too, since at run time they would be passed on literally.
import type { Problem } from '../../errors.js';
import { REFERENCE_NAME, findReferences } from '../../format/interpolate.js';
import { isEngineValueName } from '../../plan/engine-vars.js';
import type { Step } from '../../types.js';
import { suggestion } from '../did-you-mean.js';
import type { Rule, RuleContext } from './context.js';
import { interpolated, problem, steps } from './context.js';
import { isRegexPath } from './regex.js';

const UNCLOSED = /\$\$\{|\$\{[^}]*\}/g;

function stepReference(all: readonly Step[], index: number, name: string): string | undefined {
  const [id = '', field = ''] = name.split('.');
  const j = all.findIndex((s) => s.id === id);
  const runIds = all.slice(0, index).filter((s) => s.kind === 'run').map((s) => s.id ?? '');
  if (j === -1) return `no step has id "${id}"${suggestion(id, runIds)}; \${${name}} needs an earlier run step`;
  if (j >= index) return `\${${name}} is used before step "${id}" runs (step ${j + 1}); only earlier run steps can be referred to`;
  const kind = all[j]?.kind ?? '';
  if (kind !== 'run') return `step "${id}" is a ${kind} step; only run steps have .${field} (\${${name}})`;
  return undefined;
}

function variable(ctx: RuleContext, defined: ReadonlySet<string>, capturedAt: ReadonlyMap<string, number>, name: string): string | undefined {
  if (defined.has(name)) return undefined;
  const later = capturedAt.get(name);
  if (later !== undefined) return `variable "${name}" is used before it is captured (captured in step ${later + 1})`;
  const known = [...defined];
  const hint = suggestion(name, known);
  const listed = known.length > 0 ? ` (defined here: ${known.join(', ')})` : '; no variables are defined here';
  return `unknown variable "${name}"${hint}${hint ? '' : listed}`;
}

export const references: Rule = {
  name: 'unknown-reference',
  check(ctx) {
    const all = ctx.scenario.steps;
    const out: Problem[] = [];
    const capturedAt = new Map<string, number>();
    all.forEach((s, i) => Object.keys(s.capture ?? {}).forEach((n) => capturedAt.has(n) || capturedAt.set(n, i)));
    const defined = new Set(ctx.vars);
    for (const { step, index, path } of steps(ctx.scenario)) {
      for (const { path: at, text } of interpolated(step, path)) {
        if (!text.includes('${')) continue; // no reference, no unclosed one: most strings
        for (const ref of findReferences(text)) {
          const raw = text.slice(ref.start, ref.end);
          if (isEngineValueName(ref.name)) continue; // built-in ${engine.*} values (plan/engine-vars.ts)
          if (!REFERENCE_NAME.test(ref.name)) {
            const form = ref.raw ? ' (and ${re:name} for a value inserted as regex syntax)' : '';
            const message = `"${raw}" is not a reference: use \${name} for a variable or \${step.id} / \${step.name} / \${step.pid} for a run step's container${form} (write $\${ for a literal "\${")`;
            out.push(problem(ctx, 'bad-reference', at, message, { text: raw }));
            continue;
          }
          if (ref.raw && !isRegexPath(at)) {
            const message = `"${raw}" inserts a value as regex syntax, which only match.pattern, output/stderr matches and a capture regex have; write \${${ref.name}} here`;
            out.push(problem(ctx, 'bad-reference', at, message, { text: raw }));
            continue;
          }
          const message = ref.name.includes('.') ? stepReference(all, index, ref.name) : variable(ctx, defined, capturedAt, ref.name);
          if (message !== undefined) out.push(problem(ctx, 'unknown-reference', at, message, { text: raw }));
        }
        if (text.replace(UNCLOSED, '').includes('${')) {
          out.push(problem(ctx, 'bad-reference', at, '"${" is not closed by "}" (write $${ for a literal "${")', { text: '${' }));
        }
      }
      for (const name of Object.keys(step.capture ?? {})) defined.add(name);
    }
    return out;
  },
};
