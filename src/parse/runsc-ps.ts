// `runsc --root <root> ps <full id>`: gVisor's own process table for a sandboxed container, the
// right view when `docker top` is wrong (it prints host processes that happen to carry the sandbox
// PIDs). Columns: UID PID PPID C TTY STIME TIME CMD, UID numeric, PIDs inside the sandbox, CMD the
// process name only (no arguments). `runsc ps --format json` prints just the PIDs ([1]): that list
// is what the engine's `top` filters the host's ps by.
import type { ProcessInfo } from '../model/process.js';
import { ParseError } from './errors.js';
import { commandColumn } from './names.js';
import { parseTable } from './table.js';

/** Parse the table form of `runsc ps`. A header with no rows gives []. */
export function parseRunscPs(text: string): ProcessInfo[] {
  const format = 'runsc ps';
  const table = parseTable(text, { format, multiWordHeaders: [] });
  if (table.headers.length === 0) throw new ParseError(format, 'empty output (runsc ps always prints a header)');
  const keys = table.columns.map((c) => c.key);
  for (const h of ['PID', 'CMD']) if (!keys.includes(h)) throw new ParseError(format, `no ${h} column in the header`, table.headerLine, 1);
  return table.rows.map((r, i) => {
    const num = (k: string): number => {
      const v = r[k] ?? '';
      if (!/^\d+$/.test(v)) throw new ParseError(format, `${k} is not a number: ${JSON.stringify(v)}`, table.lines[i], table.lineNumbers[i]);
      return Number(v);
    };
    const cmd = r.CMD ?? '';
    const c = commandColumn(cmd);
    const p: ProcessInfo = { pid: num('PID'), name: c.name, argv: c.argv, cmdline: cmd };
    if (r.PPID !== undefined) p.ppid = num('PPID');
    if (r.UID !== undefined) p.user = r.UID;
    const extra: Record<string, string> = {};
    for (const k of keys) if (!['PID', 'PPID', 'UID', 'CMD'].includes(k)) extra[k] = r[k] ?? '';
    p.extra = extra;
    return p;
  });
}
