// Small helpers shared by the parsers and the host readers: how a process name is derived from a
// path, an image name or a ps command column.

/** Last component of a POSIX path ("/usr/bin/runsc" → "runsc"; a Linux name may contain '\'). */
export function posixBasename(p: string): string {
  const i = p.lastIndexOf('/');
  return i === -1 ? p : p.slice(i + 1);
}

/** Last component of a Windows path (either separator). */
export function windowsBasename(p: string): string {
  const i = Math.max(p.lastIndexOf('\\'), p.lastIndexOf('/'));
  return i === -1 ? p : p.slice(i + 1);
}

/**
 * Windows ProcessName form of an image name: a trailing ".exe" (any case) is removed and the case
 * is kept: "PING.EXE" → "PING", "SppExtComObj.Exe" → "SppExtComObj". Names are compared without
 * regard to case elsewhere (see windowsNameEquals).
 */
export function windowsProcessName(image: string): string {
  return /\.exe$/i.test(image) ? image.slice(0, -4) : image;
}

/** Windows name comparison: case-insensitive, and "ping.exe" equals "ping". */
export function windowsNameEquals(a: string, b: string): boolean {
  return windowsProcessName(a).toUpperCase() === windowsProcessName(b).toUpperCase();
}

export interface CommandColumn {
  /** The words of the command (ps joins argv with spaces, so this is lossy for args with spaces). */
  argv: string[];
  /** basename of argv[0], or the bracketed name for kernel threads and zombies. */
  name: string;
  /** `[name]` (kernel thread, no argv) or `[name] <defunct>` (zombie). */
  kind: 'command' | 'kernel-thread' | 'defunct';
}

/**
 * Read the args/CMD column of ps-like output: "ping 127.0.0.1" → argv [ping, 127.0.0.1], name ping;
 * "[kworker/R-rcu_gp]" → a kernel thread with no argv; "[sh] <defunct>" → a zombie.
 */
export function commandColumn(cmd: string): CommandColumn {
  const t = cmd.trim();
  const z = /^\[(.+)\] <defunct>$/.exec(t);
  if (z !== null) return { argv: [], name: z[1] ?? '', kind: 'defunct' };
  const k = /^\[(.+)\]$/.exec(t);
  if (k !== null) return { argv: [], name: k[1] ?? '', kind: 'kernel-thread' };
  const argv = t === '' ? [] : t.split(/\s+/);
  return { argv, name: posixBasename(argv[0] ?? ''), kind: 'command' };
}
