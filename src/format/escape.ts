// The one place where text from a scenario or from the system (names, titles, command output,
// process command lines, engine messages, paths) is made safe to show. A terminal, a CI log viewer
// or a Markdown/XML reader must not act on it: no escape sequence (ESC, or its 8-bit C1 form
// U+009B CSI / U+009D OSC), no BEL, no carriage return that rewrites a line, no newline that
// forges one (`✔ Everything passed`), no bidi override that reorders what is read (U+202E), no
// lone surrogate a strict parser rejects. What is escaped is SHOWN, not dropped: `\x1b`, `\r`,
// `\u009b`, `\u202e` (ASCII controls as \xNN, others by code point) — a reader sees that
// something was there.
//
//   oneLine(s)  single-line fields: every such character escaped, \n and \t included.
//   block(s)    multi-line output (Markdown code blocks, JUnit system-out): ANSI/OSC sequences
//               removed (they are colours and cursor moves of the command's own terminal), CRLF
//               read as LF, \n and \t kept, everything else above escaped.
//   jsonText(v) JSON.stringify, with C1, bidi and line-separator characters written as \uXXXX:
//               lossless (a parser gets the same string back), and safe to `cat`.
//   escapedView(v)  a read-only view of a value in which every string read comes back through
//               oneLine: how terminal renderers take engine events, so a field added later
//               cannot be missed (and nothing is copied).
//   line`…${x}…`  a template tag: the literal text is the program's, every ${value} goes
//               through oneLine. CLI commands build their output lines with it.
//
// Backslashes are not escaped: Windows paths stay readable; the escapes above only need to make a
// control VISIBLE, not to be reversible (the JSON report has the exact values).

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

// C0, DEL, C1; bidi embeddings/overrides/isolates and marks; line/paragraph separators; the XML
// non-characters U+FFFE/U+FFFF; and lone surrogates (a high one not followed by a low one, a low
// one not preceded by a high one).
const UNSAFE_CLASS = '\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028-\\u202e\\u2066-\\u2069\\ufffe\\uffff';
const LONE = '[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
const UNSAFE = new RegExp(`[${UNSAFE_CLASS}]|${LONE}`, 'g');
const UNSAFE_BLOCK = new RegExp(`[${UNSAFE_CLASS.replace('\\u0000-\\u001f', '\\u0000-\\u0008\\u000b-\\u001f')}]|${LONE}`, 'g');
const ANY_UNSAFE = new RegExp(`[${UNSAFE_CLASS}]|[\\ud800-\\udfff]`);

// Sequences a command's terminal output uses: CSI (ESC [ or U+009B … final byte), OSC/DCS/SOS/PM/
// APC strings (ESC ] P X ^ _, or U+009D/U+0090/…, up to BEL or ST — ESC \ or U+009C), and the
// two-byte ESC forms (ESC 7, ESC c, ESC ( B …). An unterminated one is not matched: its ESC is
// then escaped like any other control, so nothing is ever passed through.
// eslint-disable-next-line no-control-regex
const ANSI = /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]|(?:\u001b[\]PX^_]|[\u0090\u0098\u009d-\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)|\u001b[ -/]*[0-OQ-WYZ\\`-~]/g;

function visible(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  return code < 0x80 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One line, every control shown escaped: `a\nb` → `a\\nb`, ESC → `\\x1b`, U+202E → `\\u202e`. */
export function oneLine(s: string): string {
  return ANY_UNSAFE.test(s) ? s.replace(UNSAFE, visible) : s;
}

/** Multi-line text: ANSI sequences removed, CRLF → LF, newlines and tabs kept, other controls escaped. */
export function block(s: string): string {
  if (!ANY_UNSAFE.test(s)) return s;
  return s.replace(ANSI, '').replace(/\r\n/g, '\n').replace(UNSAFE_BLOCK, visible);
}

/** True when `s` would be shown unchanged by oneLine. */
export const isOneLineSafe = (s: string): boolean => !ANY_UNSAFE.test(s);

// Raw in JSON text these are valid but still act on a terminal or a reader (JSON.stringify
// already writes C0 controls and lone surrogates as \uXXXX).
const JSON_RAW = /[\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

/** JSON for a file or stdout: what JSON.stringify gives, with the characters above as \uXXXX. */
export function jsonText(value: unknown, indent = 2, replacer?: (key: string, value: unknown) => unknown): string {
  return JSON.stringify(value, replacer, indent).replace(JSON_RAW, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const views = new WeakMap<object, object>();

/**
 * A read-only view of `value` in which every string read (at any depth; not object keys) comes
 * back through oneLine. Nothing is copied: a step's megabytes of output are escaped only if a
 * renderer reads them. Terminal renderers see engine events only through this view.
 */
export function escapedView<T>(value: T): T {
  if (typeof value === 'string') return oneLine(value) as T;
  if (value === null || typeof value !== 'object') return value;
  const known = views.get(value);
  if (known) return known as T;
  const view = new Proxy(value, {
    get: (target, key, receiver) => {
      const v: unknown = Reflect.get(target, key, receiver);
      return typeof key === 'symbol' ? v : escapedView(v);
    },
    getOwnPropertyDescriptor: (target, key) => {
      const d = Reflect.getOwnPropertyDescriptor(target, key);
      if (d && 'value' in d && typeof key !== 'symbol') d.value = escapedView(d.value);
      return d;
    },
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
  views.set(value, view);
  return view as T;
}

/** Template tag: literal parts as written, every interpolated value through oneLine. */
export function line(parts: TemplateStringsArray, ...values: unknown[]): string {
  let out = parts[0] ?? '';
  values.forEach((v, i) => (out += oneLine(String(v)) + (parts[i + 1] ?? '')));
  return out;
}
