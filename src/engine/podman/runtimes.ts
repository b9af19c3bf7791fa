// Which OCI runtimes Podman can use. `podman info` (4.3) names only the default runtime
// (host.ociRuntime), so the others come from where Podman itself takes them: the built-in table of
// containers/common and the [engine.runtimes] tables of containers.conf, later files overriding
// earlier ones. A runtime counts as registered when one of its candidate paths exists (Podman picks
// the first that does). Read on this machine only: a remote Podman's config is not here.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const PREFIXES = ['/usr/bin', '/usr/sbin', '/usr/local/bin', '/usr/local/sbin', '/bin', '/sbin', '/run/current-system/sw/bin'];

/** containers/common pkg/config/default.go: the runtimes Podman knows without any config. */
const BUILT_IN: Record<string, string[]> = {
  crun: PREFIXES.map((p) => `${p}/crun`),
  runc: [...PREFIXES.map((p) => `${p}/runc`), '/usr/lib/cri-o-runc/sbin/runc'],
  runsc: PREFIXES.map((p) => `${p}/runsc`),
  kata: PREFIXES.map((p) => `${p}/kata-runtime`),
  krun: PREFIXES.map((p) => `${p}/krun`),
  youki: PREFIXES.map((p) => `${p}/youki`),
};

export interface ContainersConf {
  /** [engine.runtimes]: name → candidate paths. */
  runtimes: Record<string, string[]>;
}

/** The config files Podman reads, in order (CONTAINERS_CONF replaces them all). */
export function containersConfFiles(env: NodeJS.ProcessEnv, rootless: boolean, readDir: (d: string) => string[] = listConf): string[] {
  const only = env.CONTAINERS_CONF?.trim();
  if (only) return [only];
  const dirs = ['/usr/share/containers', '/etc/containers'];
  if (rootless) dirs.push(path.join(env.XDG_CONFIG_HOME?.trim() || path.join(env.HOME?.trim() || os.homedir(), '.config'), 'containers'));
  return dirs.flatMap((d) => [path.join(d, 'containers.conf'), ...readDir(path.join(d, 'containers.conf.d'))]);
}

function listConf(dir: string): string[] {
  try {
    return fs.readdirSync(dir).filter((f) => f.endsWith('.conf')).sort().map((f) => path.join(dir, f));
  } catch {
    return []; // no drop-in directory
  }
}

/** A `#` outside quotes starts a comment. */
function stripComment(line: string): string {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote !== '') {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#') return line.slice(0, i);
  }
  return line;
}

function strings(value: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'/g;
  for (let m = re.exec(value); m !== null; m = re.exec(value)) out.push(m[1] !== undefined ? (JSON.parse(`"${m[1]}"`) as string) : (m[2] ?? ''));
  return out;
}

/**
 * The string arrays of [engine.runtimes] in one containers.conf (TOML; arrays may span lines).
 * Everything else is ignored, not validated (the default runtime comes from `podman info`).
 */
export function parseContainersConf(text: string, into: ContainersConf = { runtimes: {} }): ContainersConf {
  let table = '';
  let pending: { key: string; value: string } | undefined;
  for (const raw of text.split('\n')) {
    const line = stripComment(raw).trim();
    if (pending !== undefined) {
      pending.value += ` ${line}`;
      if (!line.includes(']')) continue;
      into.runtimes[pending.key] = strings(pending.value);
      pending = undefined;
      continue;
    }
    const header = /^\[\s*([A-Za-z0-9_.-]+)\s*\]$/.exec(line);
    if (header !== null) {
      table = header[1] ?? '';
      continue;
    }
    const kv = /^("?)([A-Za-z0-9_-]+)\1\s*=\s*(.*)$/.exec(line);
    if (kv === null) continue;
    const key = kv[2] ?? '';
    const value = kv[3] ?? '';
    if (table === 'engine.runtimes' && value.startsWith('[')) {
      if (value.includes(']')) into.runtimes[key] = strings(value);
      else pending = { key, value };
    }
  }
  return into;
}

/** The runtimes Podman on this machine can use: name → the binary it resolves to. */
export function localRuntimes(files: readonly string[], exists: (p: string) => boolean = fs.existsSync, read: (f: string) => string | undefined = readText): Record<string, string> {
  const conf: ContainersConf = { runtimes: { ...BUILT_IN } };
  for (const f of files) {
    const text = read(f);
    if (text !== undefined) parseContainersConf(text, conf);
  }
  const paths: Record<string, string> = {};
  for (const [name, candidates] of Object.entries(conf.runtimes)) {
    const found = candidates.find((p) => exists(p));
    if (found !== undefined) paths[name] = found;
  }
  return paths;
}

function readText(f: string): string | undefined {
  try {
    return fs.readFileSync(f, 'utf8');
  } catch {
    return undefined; // a file Podman would also skip
  }
}
