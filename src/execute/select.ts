// Selecting processes from a table (engine top, runtime ps, Windows host list) by a step's match.
// Names match exactly: the process name, or the basename of its executable or argv[0]; on Windows
// case-insensitively and without ".exe", as Get-Process does.
import type { ProcessInfo } from '../model/process.js';
import type { Pattern } from '../host/query.js';
import { patternMatches } from '../host/query.js';
import { posixBasename, windowsBasename, windowsNameEquals } from '../parse/names.js';

export interface Selector {
  name?: string;
  pid?: number;
  pattern?: Pattern;
  /** Full container id; processes must carry it in `container`. */
  container?: string;
}

export function nameMatches(p: ProcessInfo, name: string, windows: boolean): boolean {
  const base = windows ? windowsBasename : posixBasename;
  const candidates = [p.name, p.exe ? base(p.exe) : undefined, p.argv?.[0] ? base(p.argv[0]) : undefined];
  return candidates.some((c) => c !== undefined && c !== '' && (windows ? windowsNameEquals(c, name) : c === name));
}

export function selectProcesses(ps: readonly ProcessInfo[], s: Selector, windows: boolean): ProcessInfo[] {
  return ps.filter(
    (p) =>
      (s.name === undefined || nameMatches(p, s.name, windows)) &&
      (s.pid === undefined || p.pid === s.pid) &&
      (s.pattern === undefined || patternMatches(s.pattern, p.cmdline)) &&
      (s.container === undefined || p.container === s.container),
  );
}

/** Render processes as a table a person can read (host-processes output). */
export function renderProcessTable(ps: readonly ProcessInfo[], containerName: (id: string) => string): string {
  const rows = ps.map((p) => [String(p.pid), p.ppid === undefined ? '-' : String(p.ppid), p.name, p.container ? containerName(p.container) : '-', p.cmdline || `[${p.name}]`]);
  const head = ['PID', 'PPID', 'NAME', 'CONTAINER', 'COMMAND'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
  return [line(head), ...rows.map(line)].join('\n') + '\n';
}
