// The one interpolation syntax: ${name} for vars and captures, ${step.id} / ${step.name} for the
// container of a run step. "$${" is a literal "${". Values are substituted as text into single argv
// elements; they can never add arguments or reach a shell.
// In a regular expression a value is literal text too (regex-escaped): a captured "1.2" matches
// "1.2", not "1x2", and a value cannot make a pattern catastrophic. `${re:name}` inserts the value
// as regex syntax instead, only in regex fields; the result is still compiled by RE2 (linear).

export interface Reference {
  /** The text between ${ and }, without a `re:` prefix, e.g. "procPid" or "sbx.id". */
  name: string;
  /** Written `${re:name}`: inserted as regex syntax, not escaped. */
  raw: boolean;
  /** Offset of "$" in the string. */
  start: number;
  end: number;
}

const REF = /\$\$\{|\$\{([^}]*)\}/g;
export const REFERENCE_NAME = /^(?:[A-Za-z_][A-Za-z0-9_]*|[A-Za-z][A-Za-z0-9_-]*\.(?:id|name|pid))$/;
/** The prefix of a raw (regex syntax) reference. */
export const RAW_PREFIX = 're:';

function parseName(inner: string | undefined): { name: string; raw: boolean } {
  const t = (inner ?? '').trim();
  return t.startsWith(RAW_PREFIX) ? { name: t.slice(RAW_PREFIX.length).trim(), raw: true } : { name: t, raw: false };
}

export function findReferences(text: string): Reference[] {
  const out: Reference[] = [];
  for (const m of text.matchAll(REF)) {
    if (m[0] === '$${') continue;
    out.push({ ...parseName(m[1]), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/**
 * How large interpolation may make things. Linux refuses a single argv string over MAX_ARG_STRLEN
 * (32 pages: 131,072 bytes with its NUL) and a whole argv + environment over ARG_MAX (a quarter of
 * the stack limit, 2 MiB by default); a step's values stay well inside both, so a 1 MiB file can
 * never expand into a gigabyte (a 100 kB var used 10,000 times).
 */
export const VALUE_LIMITS = {
  /** UTF-8 bytes of one interpolated string (one argv element, env value, image, expectation value). */
  element: 131_071,
  /** UTF-8 bytes of all the strings of one step that go into argv (image, env values, command). */
  step: 1024 * 1024,
} as const;

export interface InterpolateOptions {
  /** Applied to the value of each plain `${name}` (e.g. regex quoting); `${re:name}` is inserted as is. */
  quote?: (value: string) => string;
  /** The largest result (default VALUE_LIMITS.element); measured in UTF-8 bytes, or in characters with `chars`. */
  max?: number;
  chars?: boolean;
}

export interface Interpolated {
  value: string;
  missing: string[];
  /** The result would be over `max`: `value` is cut short and must not be used. */
  tooLarge?: boolean;
}

/** Substitute references; `lookup` returns undefined for unknown names, which are left as an error. */
export function interpolate(text: string, lookup: (name: string, raw: boolean) => string | undefined, opts: InterpolateOptions = {}): Interpolated {
  const max = opts.max ?? VALUE_LIMITS.element;
  const missing: string[] = [];
  // UTF-16 units never exceed UTF-8 bytes, so counting units stops a runaway result early.
  let units = 0;
  let tooLarge = false;
  let last = 0;
  const parts: string[] = [];
  const add = (s: string): void => {
    if (tooLarge) return;
    units += s.length;
    if (units > max) tooLarge = true;
    else parts.push(s);
  };
  for (const m of text.matchAll(REF)) {
    // Past the limit nothing more is looked up or quoted (a 100 kB value used 100,000 times).
    if (tooLarge) break;
    add(text.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[0] === '$${') {
      add('${');
      continue;
    }
    const { name, raw } = parseName(m[1]);
    const v = lookup(name, raw);
    if (v === undefined) {
      missing.push(name);
      add(m[0]);
    } else add(raw || opts.quote === undefined ? v : opts.quote(v));
  }
  add(text.slice(last));
  const value = parts.join('');
  if (!tooLarge && !opts.chars && units * 3 > max && Buffer.byteLength(value) > max) tooLarge = true;
  return { value, missing, ...(tooLarge ? { tooLarge } : {}) };
}

/**
 * The size `text` has after interpolation, in UTF-8 bytes, without building it (so a 100 kB value
 * used a thousand times costs nothing to measure). `size` gives the size of a reference's value as
 * inserted, or undefined when it is not known yet (a capture, before the run): it then counts as 0.
 */
export function interpolatedSize(text: string, size: (name: string, raw: boolean) => number | undefined): number {
  let total = 0;
  let last = 0;
  for (const m of text.matchAll(REF)) {
    total += Buffer.byteLength(text.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[0] === '$${') {
      total += 2;
      continue;
    }
    const { name, raw } = parseName(m[1]);
    total += size(name, raw) ?? 0;
  }
  return total + Buffer.byteLength(text.slice(last));
}
