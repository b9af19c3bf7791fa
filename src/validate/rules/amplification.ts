// Interpolation must not amplify: one value used many times (a 100 kB var in 10,000 command items)
// would turn a 1 MiB file into a gigabyte of argv. Sizes are computed without building anything,
// from the values known now: vars and --var at validate/plan time (captures count as empty), every
// value at the start of a step at run time (execute/scenario.ts uses stepSizeProblems too).
import type { Problem } from '../../errors.js';
import { interpolatedSize, VALUE_LIMITS } from '../../format/interpolate.js';
import type { JsonPath } from '../../load/locate.js';
import type { Step } from '../../types.js';
import type { Rule } from './context.js';
import { interpolated, problem, steps } from './context.js';
import { isRegexPath } from './regex.js';

/** Bytes of ${x.id} (a full container id) and a generous bound for ${x.name} (isocheck-<run>-<n>-<step>). */
const STEP_REF_BYTES = { id: 64, name: 256 };
const ARGV_FIELDS: ReadonlySet<string> = new Set(['image', 'env', 'command']);

export interface SizeProblem {
  path: JsonPath;
  message: string;
}

const kib = (n: number): string => `${Math.floor(n / 1024)} KiB`;

/** What in `step` would be over VALUE_LIMITS; `value` gives a known value (undefined: not known yet). */
export function stepSizeProblems(step: Step, base: JsonPath, value: (name: string) => string | undefined): SizeProblem[] {
  // Measured once per name: a 100 kB value referenced 100,000 times must not be scanned each time.
  const known = new Map<string, number | undefined>();
  const measure = (name: string): number | undefined => {
    const v = value(name);
    if (v !== undefined) return Buffer.byteLength(v);
    if (name.endsWith('.id')) return STEP_REF_BYTES.id;
    if (name.endsWith('.name')) return STEP_REF_BYTES.name;
    return undefined;
  };
  const size = (name: string): number | undefined => {
    if (!known.has(name)) known.set(name, measure(name));
    return known.get(name);
  };
  const out: SizeProblem[] = [];
  let argv = 0;
  for (const { path, text } of interpolated(step, base)) {
    // Patterns have their own, smaller limit (format/regex.ts), checked where they are compiled.
    if (isRegexPath(path)) continue;
    // Without "${" nothing is interpolated: the size is the text's (most strings).
    const n = text.includes('${') ? interpolatedSize(text, size) : Buffer.byteLength(text);
    if (n > VALUE_LIMITS.element) {
      out.push({ path, message: `after interpolation this value is ${n} bytes; one value may have at most ${VALUE_LIMITS.element} bytes (Linux refuses an argument over MAX_ARG_STRLEN, 128 KiB)` });
    }
    if (path.some((p) => ARGV_FIELDS.has(String(p)))) argv += n;
  }
  if (argv > VALUE_LIMITS.step) {
    const field = 'command' in step && step.command !== undefined ? 'command' : 'kind';
    out.push({ path: [...base, field], message: `after interpolation this step's command line is ${argv} bytes; a step may have at most ${kib(VALUE_LIMITS.step)} (${VALUE_LIMITS.step} bytes) of interpolated argv (Linux ARG_MAX is 2 MiB by default)` });
  }
  return out;
}

export const amplification: Rule = {
  name: 'value-too-large',
  check(ctx) {
    const out: Problem[] = [];
    const value = (name: string): string | undefined => ctx.values?.get(name);
    for (const { step, path } of steps(ctx.scenario)) {
      for (const p of stepSizeProblems(step, path, value)) out.push(problem(ctx, 'value-too-large', p.path, p.message));
    }
    return out;
  },
};
