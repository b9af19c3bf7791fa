// argv → one line a user could paste into a POSIX shell. For DISPLAY only (transcripts, `plan`):
// isocheck itself never runs commands through a shell. Words made only of characters no shell
// treats specially stay bare; anything else is put in single quotes, with an embedded ' written
// as '"'"' (close, a double-quoted quote, reopen). An empty word is ''. A word holding a control
// character (ESC, newline, C1, a bidi override — see format/escape.ts) is written $'…' with the
// control escaped (\x1b, \n, \u202e): the line stays one safe line and still pastes exactly into
// bash, zsh and ksh (POSIX.1-2024 sh too).
import { isOneLineSafe, oneLine } from '../format/escape.js';

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function quoteArg(arg: string): string {
  if (SAFE.test(arg)) return arg;
  if (!isOneLineSafe(arg)) return `$'${oneLine(arg.replace(/\\/g, '\\\\').replace(/'/g, "\\'"))}'`;
  return `'${arg.replace(/'/g, `'"'"'`)}'`;
}

export function quoteArgv(argv: readonly string[]): string {
  return argv.map(quoteArg).join(' ');
}

/**
 * The argv as a reader of a transcript would type it: isocheck's own bookkeeping (its container
 * name and io.isocheck.* labels) left out. Reports that need the exact argv (JSON) keep it all.
 */
export function userArgv(argv: readonly string[]): string[] {
  // Only the engine's own options (before the image: isocheck writes each as one `--x=y` element)
  // are bookkeeping; the same words in the container's command are the scenario's and stay.
  const image = argv.findIndex((a, i) => i >= 2 && !a.startsWith('-'));
  const end = image === -1 ? argv.length : image;
  return argv.filter((a, i) => i >= end || (!/^--label=io\.isocheck\./.test(a) && !/^--name=isocheck-/.test(a)));
}
