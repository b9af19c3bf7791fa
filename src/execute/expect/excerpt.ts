// What a text check "found": the line that matters rather than the first 200 characters. For a
// "not" check that failed, the line where the forbidden text is; for a failed `contains` (or
// `matches`), the line most like what was wanted. Similarity is shared character trigrams (case
// ignored): one pass over each line, bounded by MAX_SCAN_CHARS of text and MAX_NEEDLE of needle.

const MAX_SHOWN = 200;
const MAX_SCAN_CHARS = 1024 * 1024;
const MAX_NEEDLE = 200;
const MAX_LINE = 2000;

/** The whole text, shortened, or "empty output" (when no line stands out). */
export function excerpt(s: string): string {
  const t = s.trim();
  if (t === '') return 'empty output';
  const one = t.length > MAX_SHOWN ? `${t.slice(0, MAX_SHOWN - 3)}...` : t;
  return JSON.stringify(one);
}

interface Line {
  /** 0-based line number, and where the line starts and ends in the text. */
  index: number;
  start: number;
  end: number;
}

function lineAt(text: string, offset: number): Line {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const nl = text.indexOf('\n', offset);
  let index = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < start; i = text.indexOf('\n', i + 1)) index++;
  return { index, start, end: nl === -1 ? text.length : nl };
}

/** `line 3: "…"`, a long line shown as a window around column `col`. */
function quote(text: string, line: Line, col = 0, note = ''): string {
  let s = text.slice(line.start, line.end).replace(/\r$/, '');
  if (s.length > MAX_SHOWN) {
    const from = Math.max(0, Math.min(col - MAX_SHOWN / 2, s.length - MAX_SHOWN));
    s = `${from > 0 ? '…' : ''}${s.slice(from, from + MAX_SHOWN)}${from + MAX_SHOWN < s.length ? '…' : ''}`;
  }
  return `line ${line.index + 1}${note}: ${JSON.stringify(s)}`;
}

/** The line where `offset` is (e.g. where a forbidden string or a regex match starts). */
export function lineOf(text: string, offset: number): string {
  return quote(text, lineAt(text, offset), offset - (text.lastIndexOf('\n', offset - 1) + 1));
}

function grams(s: string): Set<string> {
  const k = Math.min(3, s.length);
  const out = new Set<string>();
  for (let i = 0; i + k <= s.length; i++) out.add(s.slice(i, i + k));
  return out;
}

/**
 * The line most like `needle` (its first non-blank line): the most of the needle's trigrams,
 * the earliest line on a tie; undefined when no line shares any.
 */
export function closestLine(text: string, needle: string): string | undefined {
  const want = (needle.split('\n').find((l) => l.trim() !== '') ?? '').trim().toLowerCase().slice(0, MAX_NEEDLE);
  if (want === '') return undefined;
  const wanted = grams(want);
  const k = Math.min(3, want.length);
  let best: Line | undefined;
  let bestScore = 0;
  let count = 0;
  const scan = text.length > MAX_SCAN_CHARS ? text.slice(0, MAX_SCAN_CHARS) : text;
  let start = 0;
  for (let index = 0; start <= scan.length; index++) {
    const nl = scan.indexOf('\n', start);
    const end = nl === -1 ? scan.length : nl;
    const line = scan.slice(start, Math.min(end, start + MAX_LINE)).toLowerCase();
    const seen = new Set<string>();
    for (let i = 0; i + k <= line.length; i++) {
      const g = line.slice(i, i + k);
      if (wanted.has(g)) seen.add(g);
    }
    if (seen.size > bestScore) [best, bestScore] = [{ index, start, end }, seen.size];
    if (nl === -1) {
      count = index + (start < scan.length ? 1 : 0); // no line after a final newline
      break;
    }
    start = nl + 1;
  }
  if (best === undefined) return undefined;
  return quote(text, best, 0, count > 1 ? ` (the closest of ${count})` : '');
}
