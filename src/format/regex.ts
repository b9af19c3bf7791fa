// Regular expressions from scenarios run on RE2 (re2js): no backtracking, so a match takes time
// linear in the subject whatever the pattern. Linear is not free: RE2's cost is program size ×
// subject length, and re2js runs synchronously (nothing can interrupt it), so both factors are
// bounded here, before any work is done, and a pattern over a limit is refused naming it.
import { createRequire } from 'node:module';
import type { RE2JS as RE2JSClass } from 're2js';

// Loaded on first use (synchronously: compiling is synchronous), so a run whose scenarios have no
// regex does not pay re2js's ~25 ms import at start-up.
let re2: typeof RE2JSClass | undefined;
function RE2(): typeof RE2JSClass {
  re2 ??= (createRequire(import.meta.url)('re2js') as { RE2JS: typeof RE2JSClass }).RE2JS;
  return re2;
}

export const REGEX_LIMITS = {
  /** Characters of a pattern (after interpolation). */
  length: 8 * 1024,
  /** RE2 program instructions; `a{1000}` is about 1,000. Bounds compile time and memory. */
  program: 10_000,
  /** Program size × subject length for one match: about 1 s at worst (measured: 20,000,000 took 1-2 s). */
  cost: 10_000_000,
} as const;

export class RegexError extends Error {
  constructor(readonly code: 'bad-regex' | 'regex-too-costly', message: string) {
    super(message);
  }
}

/** A compiled scenario regex. `exec` gives group 0..n, undefined for a group that did not take part. */
export interface ScenarioRegex {
  readonly source: string;
  /** Number of capturing groups. */
  readonly groups: number;
  test(subject: string): boolean;
  exec(subject: string): (string | undefined)[] | null;
  /** Every match replaced by `replacement`, taken literally (no $1). */
  replaceAll(subject: string, replacement: string): string;
}

/** The text a regex matches literally (RE2 QuoteMeta: a backslash before each metacharacter). */
export const quoteRegex = (text: string): string => RE2().quote(text);

/**
 * An upper estimate of RE2's program size, from the source alone (mirrors re2's calcSize): a
 * counted repetition multiplies what it repeats, so `(?:a{1000}){9}` is caught before compiling.
 */
export function estimateProgramSize(src: string): number {
  interface Frame { alts: number; cur: number; last: number; n: number }
  const stack: Frame[] = [{ alts: 0, cur: 0, last: 0, n: 0 }];
  const top = (): Frame => stack[stack.length - 1] as Frame;
  const atom = (size: number): void => {
    top().cur += size;
    top().last = size;
  };
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '\\') {
      const e = src[i + 1];
      if (e === 'Q') {
        const end = src.indexOf('\\E', i + 2);
        const stop = end === -1 ? src.length : end;
        atom(stop - (i + 2));
        i = end === -1 ? src.length : end + 2;
      } else if ((e === 'x' || e === 'p' || e === 'P') && src[i + 2] === '{') {
        const end = src.indexOf('}', i + 3);
        i = end === -1 ? src.length : end + 1;
        atom(1);
      } else {
        i += e === 'x' ? 4 : e === 'p' || e === 'P' ? 3 : 2;
        atom(1);
      }
    } else if (c === '[') {
      let j = i + 1;
      if (src[j] === '^') j++;
      if (src[j] === ']') j++;
      while (j < src.length && src[j] !== ']') j += src[j] === '\\' ? 2 : src.startsWith('[:', j) && src.indexOf(':]', j + 2) !== -1 ? src.indexOf(':]', j + 2) + 2 - j : 1;
      i = j + 1;
      atom(1);
    } else if (c === '(') {
      const named = /^\(\?P?<[^>]*>/.exec(src.slice(i, i + 300));
      const flags = /^\(\?[a-zA-Z-]*([:)])/.exec(src.slice(i, i + 40));
      if (named) i += named[0].length;
      else if (flags?.[1] === ')') {
        i += flags[0].length;
        continue;
      } else i += flags ? flags[0].length : 1;
      stack.push({ alts: 0, cur: 0, last: 0, n: 0 });
    } else if (c === ')' && stack.length > 1) {
      const f = stack.pop() as Frame;
      atom(f.n + f.cur + f.alts + 2);
      i++;
    } else if (c === '|') {
      const f = top();
      f.n += f.cur;
      f.alts++;
      f.cur = 0;
      f.last = 0;
      i++;
    } else if (c === '*' || c === '+' || c === '?') {
      const add = c === '*' ? 2 : 1;
      top().cur += add;
      top().last += add;
      i += src[i + 1] === '?' ? 2 : 1;
    } else if (c === '{' && /^\{\d+(,\d*)?\}/.test(src.slice(i, i + 24))) {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i, i + 24)) as RegExpExecArray;
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' ? -1 : Number(m[3]);
      const f = top();
      const sub = f.last;
      const size = max === -1 ? (min === 0 ? 2 + sub : 1 + min * sub) : max * sub + Math.max(0, max - min);
      f.cur += size - sub;
      f.last = size;
      i += m[0].length + (src[i + m[0].length] === '?' ? 1 : 0);
    } else {
      atom(1);
      i++;
    }
  }
  return stack.reduce((sum, f) => sum + f.n + f.cur + f.alts, 0);
}

const shown = (s: string): string => (s.length > 60 ? `${s.slice(0, 60)}…` : s);

/**
 * Compile a scenario regex. `multiline`: ^ and $ match at line ends (output, stderr, capture).
 * @throws RegexError (bad-regex) for a syntax error or a pattern over a limit.
 */
export function compileRegex(source: string, opts: { multiline?: boolean } = {}): ScenarioRegex {
  const L = REGEX_LIMITS;
  if (source.length > L.length) throw new RegexError('bad-regex', `the regular expression is ${source.length} characters long; the limit is ${L.length}`);
  const estimate = estimateProgramSize(source);
  if (estimate > L.program) throw new RegexError('bad-regex', `the regular expression is too large: about ${estimate} RE2 instructions, the limit is ${L.program} (counted repetitions like {1000} multiply)`);
  let re: RE2JSClass;
  try {
    re = RE2().compile(source, opts.multiline ? RE2().MULTILINE : 0);
  } catch (e) {
    const detail = (e as Error).message.replace(/^error parsing regexp: /, '');
    throw new RegexError('bad-regex', `${JSON.stringify(shown(source))} is not a valid RE2 regular expression: ${detail}`);
  }
  const size = re.programSize();
  if (size > L.program) throw new RegexError('bad-regex', `the regular expression is too large: ${size} RE2 instructions, the limit is ${L.program}`);
  const budget = (subject: string): void => {
    if (size * subject.length <= L.cost) return;
    const most = Math.floor(L.cost / size);
    throw new RegexError('regex-too-costly', `/${shown(source)}/ (${size} RE2 instructions) cannot be matched against ${subject.length} characters: the limit is instructions × characters ≤ ${L.cost}, here at most ${most} characters; simplify the pattern`);
  };
  return {
    source,
    groups: re.groupCount(),
    test(subject) {
      budget(subject);
      return re.test(subject);
    },
    exec(subject) {
      budget(subject);
      const m = re.exec(subject) as (string | null | undefined)[] | null;
      return m === null ? null : Array.from(m, (g) => g ?? undefined);
    },
    replaceAll(subject, replacement) {
      budget(subject);
      return re.matcher(subject).replaceAll(() => replacement);
    },
  };
}
