// `podman top <id> pid hpid comm args`: Podman's own process listing (psgo, AIX-format descriptors),
// printed through Go's tabwriter so each cell starts at its header's offset. `hpid` is the host's
// PID of each process (documented "h*" descriptors), so unlike `docker top` no host look-up is
// needed to know which host process a row is. Header: PID HPID COMMAND COMMAND (comm, then args).
// comm is the kernel's (≤15 bytes, may hold spaces); args is the command line, free text to the end
// of the line. A row whose hpid is not a number (psgo prints "?" when it cannot map the PID) is not
// a host process of the container and is refused, not guessed.
import type { ProcessInfo } from '../../model/process.js';
import { ParseError } from '../../parse/errors.js';
import { commandColumn } from '../../parse/names.js';
import { parseTable } from '../../parse/table.js';

export const TOP_DESCRIPTORS = ['pid', 'hpid', 'comm', 'args'] as const;

const FORMAT = 'podman top';

export function parsePodmanTop(text: string): ProcessInfo[] {
  const table = parseTable(text, { format: FORMAT, multiWordHeaders: [] });
  if (table.headers.length === 0) throw new ParseError(FORMAT, 'empty output (podman top always prints a header)');
  const want = ['PID', 'HPID', 'COMMAND', 'COMMAND'];
  if (table.headers.join(' ') !== want.join(' ')) {
    throw new ParseError(FORMAT, `expected the columns ${want.join(' ')} (descriptors ${TOP_DESCRIPTORS.join(' ')})`, table.headerLine, 1);
  }
  return table.rows.map((r, i) => {
    const num = (k: string): number => {
      const v = r[k] ?? '';
      if (!/^\d+$/.test(v)) throw new ParseError(FORMAT, `${k} is not a number: ${JSON.stringify(v)}`, table.lines[i], table.lineNumbers[i]);
      return Number(v);
    };
    const comm = r.COMMAND ?? '';
    const args = r['COMMAND#2'] ?? '';
    const c = commandColumn(args);
    // The host PID is the process's identity here; the PID inside the container is kept for reports.
    const p: ProcessInfo = { pid: num('HPID'), name: comm === '' ? c.name : comm, argv: c.argv, cmdline: args, extra: { containerPid: String(num('PID')) } };
    if (c.kind !== 'command') (p.extra ??= {}).kind = c.kind;
    return p;
  });
}
