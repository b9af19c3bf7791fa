// The Windows host's process table, read with PowerShell, and the other PowerShell outputs a
// scenario meets (the plain Get-Process table, the "no process" error).
//
// The query is a FIXED script: no scenario value is ever put into it (filtering happens in
// isocheck, host/windows.ts). Design, for Windows PowerShell 5.1 and PowerShell 7:
// - Get-Process is the list: it is what the reproduced page runs (`Get-Process -Name ping`), so
//   ProcessName (image name without ".exe") means exactly what the page's check means.
// - Win32_Process (CIM) adds ParentProcessId and CommandLine, which Get-Process does not have in
//   5.1 (7 has a CommandLine property, but it queries WMI once per process: slower than one query).
//   CIM alone would do, but it is the slower half (a WMI round trip) and needs the WMI service, so
//   it is best effort: if it fails the list still comes back, with null ParentProcessId and
//   CommandLine. The two are joined by Id, and only when the CIM Name starts with the ProcessName,
//   so a PID reused between the two snapshots is not joined to the wrong process.
// - `ConvertTo-Json -InputObject @(...)`: one result must still be an array (5.1 has no -AsArray
//   and serialises a single object as an object; the parser accepts that too).
// - Non-ASCII characters are written as \uXXXX, so the console code page cannot garble a path or a
//   command line; the JSON goes straight to [Console]::Out (no host formatting, no line wrapping at
//   the console width); progress output is off so no CLIXML progress records reach the streams.
// - No double quotes in the script: it travels as one argv element to powershell.exe, whose
//   command-line parsing of embedded quotes differs between versions.
import type { ProcessInfo } from '../model/process.js';
import { ParseError } from './errors.js';
import { windowsProcessName } from './names.js';
import { parseTable, textLines } from './table.js';

export const WINDOWS_PROCESS_SCRIPT = [
  String.raw`$ProgressPreference = 'SilentlyContinue';`,
  String.raw`$w = @{};`,
  String.raw`try { foreach ($c in @(Get-CimInstance -Query 'SELECT ProcessId,ParentProcessId,Name,CommandLine FROM Win32_Process' -ErrorAction Stop)) { $w[[int]$c.ProcessId] = $c } } catch { };`,
  String.raw`$r = foreach ($p in @(Get-Process)) {`,
  String.raw`$pa = $null; try { $pa = $p.Path } catch { };`,
  String.raw`$c = $w[[int]$p.Id]; $pp = $null; $cl = $null;`,
  String.raw`if ($null -ne $c -and $null -ne $c.Name -and $c.Name.StartsWith($p.ProcessName, [System.StringComparison]::OrdinalIgnoreCase)) { $pp = $c.ParentProcessId; $cl = $c.CommandLine };`,
  String.raw`[pscustomobject]@{ Id = $p.Id; ProcessName = $p.ProcessName; Path = $pa; SessionId = $p.SessionId; ParentProcessId = $pp; CommandLine = $cl } };`,
  String.raw`$j = ConvertTo-Json -Compress -Depth 2 -InputObject @($r);`,
  String.raw`[Console]::Out.Write([regex]::Replace($j, '[^\x00-\x7F]', { param($m) '\u{0:x4}' -f [int][char]$m.Value }))`,
].join(' ');

/** argv that runs the fixed query: `powershell.exe` (5.1), or `pwsh` (7) where 5.1 is missing. */
export function windowsProcessQueryArgv(shell: 'powershell.exe' | 'pwsh' = 'powershell.exe'): string[] {
  return [shell, '-NoLogo', '-NoProfile', '-NonInteractive', '-Command', WINDOWS_PROCESS_SCRIPT];
}

const FORMAT = 'Windows process query (PowerShell JSON)';

function field(o: Record<string, unknown>, ...names: string[]): unknown {
  for (const n of names) if (o[n] !== undefined) return o[n];
  return undefined;
}

/**
 * Parse the JSON of the Windows host query (or of any `Get-Process`/`Win32_Process` objects piped
 * to ConvertTo-Json): an array, or a single object (5.1's form for one result); BOM and CRLF are
 * ignored. Fields: Id|ProcessId, ProcessName|Name (".exe" removed), Path|ExecutablePath,
 * ParentProcessId, CommandLine, SessionId. `null` or empty output is an error, never "no processes".
 */
export function parsePowerShellProcessJson(text: string): ProcessInfo[] {
  const t = textLines(text).join('\n').trim();
  if (t === '') throw new ParseError(FORMAT, 'no output');
  let v: unknown;
  try {
    v = JSON.parse(t);
  } catch {
    throw new ParseError(FORMAT, 'not JSON', t.slice(0, 200));
  }
  const items: unknown[] = Array.isArray(v) ? v : typeof v === 'object' && v !== null ? [v] : [];
  if (!Array.isArray(v) && items.length === 0) throw new ParseError(FORMAT, `expected an array of processes, got ${JSON.stringify(v)}`, t.slice(0, 200));
  return items.map((it, i) => {
    if (typeof it !== 'object' || it === null || Array.isArray(it)) throw new ParseError(FORMAT, `item ${i} is not an object`, JSON.stringify(it)?.slice(0, 200));
    const o = it as Record<string, unknown>;
    const id = field(o, 'Id', 'ProcessId');
    const rawName = field(o, 'ProcessName', 'Name');
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) throw new ParseError(FORMAT, `item ${i} has no numeric Id`, JSON.stringify(o).slice(0, 200));
    if (typeof rawName !== 'string') throw new ParseError(FORMAT, `item ${i} has no ProcessName`, JSON.stringify(o).slice(0, 200));
    const name = windowsProcessName(rawName);
    const path = field(o, 'Path', 'ExecutablePath');
    const commandLine = field(o, 'CommandLine');
    const ppid = field(o, 'ParentProcessId');
    const session = field(o, 'SessionId');
    const p: ProcessInfo = { pid: id, name, cmdline: typeof commandLine === 'string' && commandLine !== '' ? commandLine : typeof path === 'string' && path !== '' ? path : name };
    if (typeof path === 'string' && path !== '') p.exe = path;
    if (typeof ppid === 'number' && Number.isInteger(ppid)) p.ppid = ppid;
    const extra: Record<string, string> = {};
    if (typeof commandLine === 'string') extra.CommandLine = commandLine;
    if (typeof session === 'number') extra.SessionId = String(session);
    if (Object.keys(extra).length > 0) p.extra = extra;
    return p;
  });
}

/**
 * Parse the plain `Get-Process` table (Handles NPM(K) PM(K) WS(K) VM(M) CPU(s) Id SI ProcessName in
 * 5.1; NPM(K) PM(M) WS(M) CPU(s) Id SI ProcessName in 7): numbers are right-aligned under their
 * header, cells may be blank (CPU(s) of Idle), values may be cut ("...71"). Other columns → extra.
 */
export function parseGetProcessTable(text: string): ProcessInfo[] {
  const format = 'Get-Process table';
  const table = parseTable(text, { format, multiWordHeaders: [] });
  if (table.headers.length === 0) return [];
  const idKey = table.columns.find((c) => c.name.toLowerCase() === 'id')?.key;
  const last = table.columns[table.columns.length - 1];
  if (idKey === undefined || last === undefined || last.name !== 'ProcessName') {
    throw new ParseError(format, 'expected an Id column and ProcessName last', table.headerLine, 1);
  }
  return table.rows.map((r, i) => {
    const id = r[idKey] ?? '';
    if (!/^\d+$/.test(id)) throw new ParseError(format, `Id is not a number: ${JSON.stringify(id)}`, table.lines[i], table.lineNumbers[i]);
    const name = r[last.key] ?? '';
    const extra: Record<string, string> = {};
    for (const c of table.columns) if (c.key !== idKey && c.key !== last.key) extra[c.key] = r[c.key] ?? '';
    return { pid: Number(id), name, cmdline: name, extra };
  });
}

const NO_PROCESS_NAME = /Cannot find a process with the name "([^"]*)"/;

/**
 * Whether stderr holds Get-Process's "no process found" error: Windows PowerShell 5.1 writes several
 * lines (`get-process : Cannot find a process with the name "ping". ...` down to
 * `FullyQualifiedErrorId : NoProcessFoundForGivenName,...`), PowerShell 7 one line
 * (`Get-Process: Cannot find a process with the name "ping". ...`). The message is localised on
 * non-English systems; the 5.1 FullyQualifiedErrorId is not, so that is recognised as well.
 */
export function isNoProcessFoundError(stderr: string): boolean {
  return NO_PROCESS_NAME.test(stderr) || /\bNoProcessFoundForGiven(Name|Id)\b/.test(stderr);
}

/** The names in "Cannot find a process with the name" errors, in order (empty if none). */
export function noProcessFoundNames(stderr: string): string[] {
  return [...stderr.matchAll(new RegExp(NO_PROCESS_NAME.source, 'g'))].map((m) => m[1] ?? '');
}
