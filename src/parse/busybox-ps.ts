// `ps` run inside a container (`docker exec <c> ps`): the container's own view, e.g. under gVisor.
//
// busybox ps prints `PID   USER     COMMAND` (or `PID   USER     TIME  COMMAND`), the PID right-
// aligned in 5 columns under a left-aligned header, USER cut to 8 characters (numeric when the
// image has no /etc/passwd). When a process's comm differs from its argv[0], busybox shows
// `{comm} args`. procps `ps -o pid,user,args` prints `    PID USER     COMMAND`. Every column but the
// last is one word, so rows are split on whitespace and the rest of the line is the command.
import type { ProcessInfo } from '../model/process.js';
import { ParseError } from './errors.js';
import { commandColumn } from './names.js';
import { textLines } from './table.js';

const COMMAND_HEADERS = new Set(['COMMAND', 'CMD', 'ARGS']);

/** Parse busybox (or procps one-word-column) ps output. A header with no rows gives []. */
export function parseBusyboxPs(text: string): ProcessInfo[] {
  const format = 'ps (in container)';
  const lines = textLines(text);
  const h = lines.findIndex((l) => l.trim() !== '');
  if (h === -1) throw new ParseError(format, 'empty output (ps always prints a header)');
  const headerLine = lines[h] ?? '';
  const headers = headerLine.trim().split(/\s+/);
  const n = headers.length;
  const pidAt = headers.indexOf('PID');
  const last = headers[n - 1] ?? '';
  if (pidAt === -1 || pidAt === n - 1) throw new ParseError(format, 'no PID column in the header', headerLine, h + 1);
  if (!COMMAND_HEADERS.has(last)) throw new ParseError(format, 'the last column is not a command (COMMAND, CMD or ARGS)', headerLine, h + 1);
  const userAt = headers.findIndex((x) => x === 'USER' || x === 'UID');
  const ppidAt = headers.indexOf('PPID');
  const out: ProcessInfo[] = [];
  for (let i = h + 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    const re = /\S+/g;
    const cells: string[] = [];
    while (cells.length < n - 1) {
      const m = re.exec(line);
      if (m === null) break;
      cells.push(m[0]);
    }
    if (cells.length < n - 1) throw new ParseError(format, `row has fewer than ${n - 1} words before ${last}`, line, i + 1);
    const cmd = line.slice(re.lastIndex).trim();
    const pid = cells[pidAt] ?? '';
    if (!/^\d+$/.test(pid)) throw new ParseError(format, `PID is not a number: ${JSON.stringify(pid)}`, line, i + 1);
    const extra: Record<string, string> = {};
    headers.forEach((hd, k) => {
      if (k !== pidAt && k !== userAt && k !== ppidAt && k !== n - 1) extra[hd] = cells[k] ?? '';
    });
    // busybox: "{comm} args" when comm differs from argv[0]'s basename.
    const braced = /^\{([^}]*)\} ?(.*)$/.exec(cmd);
    const shown = braced === null ? cmd : (braced[2] ?? '');
    if (braced !== null) extra.comm = braced[1] ?? '';
    const c = commandColumn(shown);
    if (c.kind !== 'command') extra.kind = c.kind;
    const p: ProcessInfo = { pid: Number(pid), name: c.name, argv: c.argv, cmdline: shown };
    if (userAt !== -1 && cells[userAt] !== undefined) p.user = cells[userAt];
    if (ppidAt !== -1) {
      const pp = cells[ppidAt] ?? '';
      if (/^\d+$/.test(pp)) p.ppid = Number(pp);
    }
    if (Object.keys(extra).length > 0) p.extra = extra;
    out.push(p);
  }
  return out;
}
