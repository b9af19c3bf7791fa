// Command output can hold anything. Before it goes into a report: ANSI escape sequences (colours,
// cursor moves) are removed, and characters no report can carry (C0 controls other than tab,
// newline and carriage return; U+FFFE/U+FFFF; lone surrogates — also the ones XML 1.0 forbids)
// are replaced — controls by a visible `\xNN`, the others by U+FFFD.

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;
const INVALID = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function cleanText(text: string): string {
  return text.replace(ANSI, '').replace(INVALID, (c) => {
    const code = c.codePointAt(0) ?? 0;
    return code < 0x20 ? `\\x${code.toString(16).padStart(2, '0')}` : '\uFFFD';
  });
}
