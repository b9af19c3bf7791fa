// `docker top` output as ProcessInfo. The daemon builds the table and the docker CLI prints it with
// Go's tabwriter (minimum width 20, padding 3), so every cell starts at its header's offset.
//
// Linux: the daemon runs `ps` (default `-ef`: UID PID PPID C STIME TTY TIME CMD) and keeps the
//   rows whose PID the runtime reported; `docker top <c> <ps options>` can print other columns
//   (e.g. `-o pid,comm,args` → PID COMMAND COMMAND, `aux` → USER PID ... COMMAND). The PIDs are
//   host PIDs — except under runtimes that report sandbox PIDs (gVisor), where the rows are the
//   host's processes that happen to have those PIDs: see platform-facts.md. Parsing cannot tell;
//   the executor must.
// Windows: moby daemon/top_windows.go prints `Name  PID  CPU  Private Working Set`, with image names
//   such as "PING.EXE", CPU as HH:MM:SS.mmm and memory as units.HumanSize ("528.4kB").
import type { ProcessInfo } from '../model/process.js';
import { ParseError } from './errors.js';
import { commandColumn, windowsProcessName } from './names.js';
import { parseTable } from './table.js';
import type { Table } from './table.js';

/** Headers ps uses for a command column, in the last position. */
const COMMAND_HEADERS = new Set(['CMD', 'COMMAND', 'ARGS']);
/** Headers ps uses for the user, by preference. */
const USER_HEADERS = ['USER', 'UID', 'EUSER', 'EUID', 'RUSER', 'RUID'];

function pidOf(value: string | undefined, format: string, table: Table, row: number, what: string): number {
  if (value === undefined || !/^\d+$/.test(value)) {
    throw new ParseError(format, `${what} is not a number: ${JSON.stringify(value ?? '')}`, table.lines[row], table.lineNumbers[row]);
  }
  return Number(value);
}

function parseLinux(text: string): ProcessInfo[] {
  const format = 'docker top (linux)';
  const table = parseTable(text, { format, multiWordHeaders: [] });
  if (table.headers.length === 0) throw new ParseError(format, 'empty output (docker top always prints a header)');
  const keys = table.columns.map((c) => c.key);
  if (!keys.includes('PID')) throw new ParseError(format, 'no PID column in the header', table.headerLine, 1);
  const last = table.columns[table.columns.length - 1];
  if (last === undefined || !COMMAND_HEADERS.has(last.name)) {
    throw new ParseError(format, 'the last column is not a command (CMD, COMMAND or ARGS)', table.headerLine);
  }
  const userKey = USER_HEADERS.find((h) => keys.includes(h));
  const mapped = new Set(['PID', 'PPID', last.key, ...(userKey === undefined ? [] : [userKey])]);
  return table.rows.map((r, i) => {
    const pid = pidOf(r.PID, format, table, i, 'PID');
    const cmd = r[last.key] ?? '';
    const c = commandColumn(cmd);
    const p: ProcessInfo = { pid, name: c.name, argv: c.argv, cmdline: cmd };
    if (r.PPID !== undefined) p.ppid = pidOf(r.PPID, format, table, i, 'PPID');
    if (userKey !== undefined && r[userKey] !== undefined) p.user = r[userKey];
    const extra: Record<string, string> = {};
    for (const k of keys) if (!mapped.has(k)) extra[k] = r[k] ?? '';
    if (c.kind !== 'command') extra.kind = c.kind;
    if (Object.keys(extra).length > 0) p.extra = extra;
    return p;
  });
}

function parseWindows(text: string): ProcessInfo[] {
  const format = 'docker top (windows)';
  const table = parseTable(text, { format, multiWordHeaders: ['Private Working Set'] });
  if (table.headers.length === 0) throw new ParseError(format, 'empty output (docker top always prints a header)');
  const keys = table.columns.map((c) => c.key);
  if (!keys.includes('Name') || !keys.includes('PID')) {
    throw new ParseError(format, 'expected the columns Name and PID (moby daemon/top_windows.go)', table.headerLine, 1);
  }
  return table.rows.map((r, i) => {
    const image = r.Name ?? '';
    if (image === '') throw new ParseError(format, 'empty Name', table.lines[i], table.lineNumbers[i]);
    const extra: Record<string, string> = {};
    for (const k of keys) if (k !== 'PID') extra[k] = r[k] ?? '';
    return { pid: pidOf(r.PID, format, table, i, 'PID'), name: windowsProcessName(image), cmdline: image, extra };
  });
}

/**
 * Parse `docker top` output. `engineOs` is the daemon's OS (`docker info` OSType), which decides the
 * table's shape. A header with no rows gives []; empty text or an unknown shape throws ParseError.
 */
export function parseDockerTop(text: string, engineOs: 'linux' | 'windows'): ProcessInfo[] {
  return engineOs === 'windows' ? parseWindows(text) : parseLinux(text);
}
