// A scenario regex at run time: interpolated (values as literal text, `${re:name}` as regex
// syntax), compiled by RE2 within its limits, and every refusal a step error with a code
// (bad-regex, regex-too-costly, unknown-value), never `internal`.
import { interpolate } from '../format/interpolate.js';
import { compileRegex, quoteRegex, REGEX_LIMITS, RegexError, type ScenarioRegex } from '../format/regex.js';
import { StepInputError } from '../plan/argv.js';

function asStepError(e: unknown, field: string): unknown {
  return e instanceof RegexError ? new StepInputError(e.code, `${field}: ${e.message}`) : e;
}

/** The pattern text of `field` with the values known now. */
export function patternSource(field: string, text: string, values: ReadonlyMap<string, string>): string {
  const r = interpolate(text, (name) => values.get(name), { quote: quoteRegex, max: REGEX_LIMITS.length, chars: true });
  if (r.missing.length > 0) throw new StepInputError('unknown-value', `no value for \${${r.missing[0]}} (not a var and not captured yet)`);
  if (r.tooLarge) throw new StepInputError('bad-regex', `${field}: after interpolation the regular expression is over ${REGEX_LIMITS.length} characters, the limit`);
  return r.value;
}

/** Interpolate and compile; test/exec throw StepInputError too (regex-too-costly). */
export function stepRegex(field: string, text: string, values: ReadonlyMap<string, string>, opts: { multiline?: boolean } = {}): ScenarioRegex {
  const source = patternSource(field, text, values);
  let re: ScenarioRegex;
  try {
    re = compileRegex(source, opts);
  } catch (e) {
    throw asStepError(e, field);
  }
  const guard = <T>(f: () => T): T => {
    try {
      return f();
    } catch (e) {
      throw asStepError(e, field);
    }
  };
  return { source, groups: re.groups, test: (s) => guard(() => re.test(s)), exec: (s) => guard(() => re.exec(s)), replaceAll: (s, to) => guard(() => re.replaceAll(s, to)) };
}
