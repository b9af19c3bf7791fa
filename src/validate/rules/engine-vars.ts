// A mapped var ({from, map}) is looked up before any step runs, so its `from` can only use the
// built-in engine values (${engine.os}, ${engine.windowsBuild}, …): not other vars, not captures.
import type { Problem } from '../../errors.js';
import { findReferences } from '../../format/interpolate.js';
import { ENGINE_FACTS, isEngineValueName } from '../../plan/engine-vars.js';
import { suggestion } from '../did-you-mean.js';
import type { Rule } from './context.js';
import { problem } from './context.js';

const KNOWN = ENGINE_FACTS.map((f) => `engine.${f}`);

export const engineVars: Rule = {
  name: 'mapped-var-from',
  check(ctx) {
    const out: Problem[] = [];
    for (const [name, v] of Object.entries(ctx.scenario.vars ?? {})) {
      if (typeof v === 'string') continue;
      const refs = findReferences(v.from);
      if (refs.length === 0) {
        out.push(problem(ctx, 'bad-reference', ['vars', name, 'from'], `vars.${name}.from names no engine value; use one of ${KNOWN.map((k) => `\${${k}}`).join(', ')}`));
      }
      for (const r of refs) {
        if (isEngineValueName(r.name)) continue;
        const raw = v.from.slice(r.start, r.end);
        const message = `vars.${name}.from can only use engine values (it is resolved before any step runs): "${raw}" is not one${suggestion(r.name, KNOWN)} (known: ${KNOWN.join(', ')})`;
        out.push(problem(ctx, 'unknown-reference', ['vars', name, 'from'], message, { text: raw }));
      }
    }
    return out;
  },
};
