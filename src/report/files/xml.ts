// XML 1.0 text and attribute escaping, after format/escape.ts has made every control visible
// (block() for element text, oneLine() for attributes), so every report parses, no reader acts on
// a control and no test name or message spans lines.
import { block, oneLine } from '../../format/escape.js';

export const xmlSafe = block;

const markup = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Element text (system-out, failure bodies): multi-line, as block() leaves it. */
export function escapeText(text: string): string {
  return markup(xmlSafe(text));
}

/** Attribute values (test names, messages, properties) are one line: a CI page shows them as titles. */
export function escapeAttr(text: string): string {
  return markup(oneLine(text)).replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function attrs(a: Record<string, string | number | undefined>): string {
  return Object.entries(a)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeAttr(String(v))}"`)
    .join('');
}
