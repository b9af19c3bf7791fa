// "did you mean …?" for misspelt keys, enum values, step ids and variable names: the closest
// candidate by Damerau–Levenshtein distance (optimal string alignment), if it is close enough.

/** Edits (insert, delete, substitute, swap two neighbours) to turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  const w = b.length + 1;
  // Three rows are enough: the one two back (for swaps), the previous and the current.
  let prev2 = new Array<number>(w).fill(0);
  let prev = Array.from({ length: w }, (_, j) => j);
  let cur = new Array<number>(w).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (prev2[j - 2] ?? 0) + 1);
      cur[j] = d;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[b.length] ?? 0;
}

/** The candidate closest to `input` (ignoring case), or undefined when none is plausibly meant. */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const needle = input.toLowerCase();
  if (needle.length === 0 || needle.length > 64) return undefined;
  const limit = needle.length <= 3 ? 1 : needle.length <= 6 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    if (c === input) continue;
    const d = editDistance(needle, c.toLowerCase());
    if (d < bestDistance && d <= limit) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** `; did you mean "x"?` or the empty string. */
export function suggestion(input: string, candidates: Iterable<string>): string {
  const s = didYouMean(input, candidates);
  return s === undefined ? '' : `; did you mean "${s}"?`;
}
