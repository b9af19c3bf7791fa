// Column widths for the terminal matrix: how many cells a string takes on a terminal, and cutting
// to a width without splitting a character. Text reaching here is already one escaped line
// (format/escape.ts oneLine), so no control character is measured. East Asian wide characters and
// emoji take two cells, combining marks and zero-width characters none; everything else one.

const WIDE: readonly [number, number][] = [
  [0x1100, 0x115f], [0x2e80, 0x303e], [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff],
  [0xa000, 0xa4cf], [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe30, 0xfe4f], [0xff00, 0xff60],
  [0xffe0, 0xffe6], [0x1f300, 0x1f64f], [0x1f900, 0x1f9ff], [0x20000, 0x3fffd],
];
const ZERO: readonly [number, number][] = [
  [0x0300, 0x036f], [0x0483, 0x0489], [0x0591, 0x05bd], [0x0610, 0x061a], [0x064b, 0x065f],
  [0x200b, 0x200d], [0x20d0, 0x20ff], [0xfe00, 0xfe0f], [0xfe20, 0xfe2f],
];
const within = (cp: number, ranges: readonly [number, number][]): boolean => ranges.some(([lo, hi]) => cp >= lo && cp <= hi);

function charWidth(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  return within(cp, ZERO) ? 0 : within(cp, WIDE) ? 2 : 1;
}

/** Terminal cells `text` takes. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += charWidth(ch);
  return w;
}

/** `text` cut to at most `width` cells, ending in `…` when cut. */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return '';
  let out = '';
  let w = 0;
  for (const ch of text) {
    const cw = charWidth(ch);
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return `${out}…`;
}

/** `text` cut to `width` and padded with spaces to exactly `width` cells. */
export function fit(text: string, width: number): string {
  const t = truncate(text, width);
  return t + ' '.repeat(Math.max(0, width - displayWidth(t)));
}

/**
 * The width to fit: COLUMNS when set, else the terminal's own width, else 120 (a CI log or a
 * pipe has no width; 120 reads well in every CI log viewer). Never below 40.
 */
export function terminalWidth(stream: { isTTY?: boolean; columns?: number }, env: NodeJS.ProcessEnv): number {
  const fromEnv = Number(env.COLUMNS);
  const w = Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : stream.isTTY === true && typeof stream.columns === 'number' && stream.columns > 0 ? stream.columns : 120;
  return Math.max(40, w);
}

/**
 * `text` in lines of at most `width` cells, broken at spaces where it can be, the lines after the
 * first indented by `indent` spaces; past `maxLines` the last line ends in `…`.
 */
export function wrap(text: string, width: number, indent = 2, maxLines = 4): string[] {
  const lines: string[] = [];
  let rest = text;
  while (rest !== '' && lines.length < maxLines) {
    const pad = lines.length === 0 ? '' : ' '.repeat(indent);
    const room = Math.max(8, width - pad.length);
    if (displayWidth(rest) <= room) {
      lines.push(pad + rest);
      rest = '';
      break;
    }
    const head = truncate(rest, room + 1).slice(0, -1); // the most that fits, without the ellipsis
    const space = head.lastIndexOf(' ');
    const cut = space > room / 2 ? space : head.length;
    lines.push(pad + rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest !== '') lines[lines.length - 1] = truncate(`${lines[lines.length - 1] ?? ''} ${rest}`, width);
  return lines;
}
