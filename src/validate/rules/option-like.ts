// An image that becomes option-like once variables are substituted (`--var image=--privileged`)
// would be read by the engine's CLI as one of its own options. `run` refuses it before docker is
// called; validate and plan say so too, at the image, naming the variables it came from.
import type { Problem } from '../../errors.js';
import { findReferences, interpolate } from '../../format/interpolate.js';
import type { JsonPath } from '../../load/locate.js';
import type { Rule } from './context.js';
import { problem, steps } from './context.js';

export const optionLikeValues: Rule = {
  name: 'option-like-value',
  check(ctx) {
    const out: Problem[] = [];
    const values = new Map(ctx.values);
    for (const { step, path } of steps(ctx.scenario)) {
      if (step.kind === 'run') check(step.image, path);
      // From here on a captured name holds a value known only at run time (run checks it then).
      for (const name of Object.keys(step.capture ?? {})) values.delete(name);
    }
    return out;

    function check(text: string, path: JsonPath): void {
      const image = interpolate(text, (name) => values.get(name)).value;
      if (!image.startsWith('-')) return;
      const from = findReferences(text)
        .map((r) => r.name)
        .filter((name) => values.has(name))
        .map((name) => `\${${name}} from ${ctx.overrides.has(name) ? `--var ${name}` : `vars.${name}`}`);
      const message = `image ${JSON.stringify(text)} becomes ${JSON.stringify(image)} (${from.join(', ')}), which the engine would read as an option; refusing it`;
      out.push(problem(ctx, 'option-like-value', [...path, 'image'], message));
    }
  },
};
