// Text that tries to act on whatever shows it, and the checks that it did not. Shared by the
// renderer test (test/report/hostile-strings.test.ts) and the real-CLI reliability test
// (test/reliability/control-sequences.test.ts).

/** Every kind of control a terminal, a CI log viewer or a parser could act on. */
export const PAYLOAD = [
  '\u001b[2J', // CSI: clear the screen
  '\u001b]0;pwned-title\u0007', // OSC 0 (window title), BEL-terminated
  '\u001b]52;c;cHduZWQ=\u001b\\', // OSC 52 (clipboard), ST-terminated
  '\u009b31m', // C1 CSI (8-bit form)
  '\u009d0;c1-title\u009c', // C1 OSC … C1 ST
  '\u0085', // C1 NEL (next line)
  'x\rOVERWRITE', // carriage return that rewrites the line
  '\n✔ Everything passed', // a forged success line
  '\n9 passed, 0 failed, 0 skipped (1ms)', // a forged summary line CI greps for
  '\n```\n✔ Everything passed', // closes a Markdown code block, then forges a line
  '\u202eevil\u202c', // bidi override
  '\u2028', // line separator
  '\ud800', // lone surrogate
  'nul\u0000', // NUL
  '\u0007', // BEL
].join('');

/** Field names whose values are enumerations the engine sets, not text: left as they are. */
const ENUMS = new Set(['type', 'status', 'kind', 'key', 'tag']);

/**
 * A copy of `value` with the payload appended to EVERY string (and to the keys of `captures`),
 * except enumeration fields — so a field added to the result types later is covered without
 * changing this test. Appending keeps values distinct and lets prefix parsers (ISO times) work.
 */
export function hostile<T>(value: T, field = ''): T {
  if (typeof value === 'string') return (ENUMS.has(field) ? value : `${value}${PAYLOAD}`) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => hostile(v, field)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[field === 'captures' ? `${k}${PAYLOAD}` : k] = hostile(v, k);
    return out as T;
  }
  return value;
}

/** How many strings `hostile` changed: a test asserts this is not zero for each input. */
export function countStrings(value: unknown, field = ''): number {
  if (typeof value === 'string') return ENUMS.has(field) ? 0 : 1;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + countStrings(v, field), 0);
  if (value !== null && typeof value === 'object') return Object.entries(value).reduce((n, [k, v]) => n + countStrings(v, k), 0);
  return 0;
}

// C0 (but \n, \t), DEL, C1, bidi controls and marks, line/paragraph separators, U+FFFE/U+FFFF,
// and lone surrogates.
// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The first raw control in `text` (after `allowed` sequences are removed), with some context. */
export function rawControl(text: string, allowed?: RegExp): string | undefined {
  const t = allowed ? text.replace(allowed, '') : text;
  const m = RAW.exec(t);
  if (!m) return undefined;
  return `U+${m[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${m.index}: ${JSON.stringify(t.slice(Math.max(0, m.index - 60), m.index + 20))}`;
}

/** Lines that start (after indentation) with the payload's forged success or summary line. */
export function forgedLines(text: string, allowed?: RegExp): string[] {
  const t = allowed ? text.replace(allowed, '') : text;
  return t.split('\n').filter((l) => /^\s*(?:[-*] )?(?:✔ Everything passed|9 passed, 0 failed, 0 skipped \(1ms\))/.test(l));
}

/** The SGR codes report/terminal/style.ts writes when colour is on. */
// eslint-disable-next-line no-control-regex
export const STYLE_SGR = /\u001b\[(?:1|2|22|31|32|33|36|39)m/g;

/** What listr2's live renderer writes itself: its colours, cursor moves, line erases, cursor hide/show. */
// eslint-disable-next-line no-control-regex
export const LISTR_CONTROL = /\u001b\[(?:\?25[lh]|\d*[ABCDEFGK]|[\d;]*m)/g;

/** Markdown outside its fenced code blocks (a code block shows a command's output as it was). */
export function markdownProse(md: string): string {
  let fence: string | undefined;
  const out: string[] = [];
  for (const l of md.split('\n')) {
    const m = /^(`{3,})/.exec(l);
    if (fence === undefined && m) fence = m[1];
    else if (fence !== undefined && l === fence) fence = undefined;
    else if (fence === undefined) out.push(l);
  }
  if (fence !== undefined) throw new Error(`a Markdown code block is never closed (fence ${fence})`);
  return out.join('\n');
}
