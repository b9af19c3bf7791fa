// Shared pieces of the reliability suite (real engine, real processes). Not a test file itself.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../helpers/cli.js';
import { docker } from '../helpers/engine.js';

export const REFERENCE = path.join(ROOT, 'scenarios', 'linux', 'sandbox-isolation.yaml');

/** A count from the environment (for longer runs), or the default. */
export function envCount(name: string, fallback: number): number {
  const n = Number(process.env[name]);
  return Number.isInteger(n) && n >= 0 && process.env[name] !== '' ? n : fallback;
}

/** mulberry32: a small seeded PRNG, so a failing sequence can be replayed with its logged seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed from ISOCHECK_RELIABILITY_SEED, or a fresh one (always logged by the caller). */
export function seedFromEnv(): number {
  const s = Number(process.env.ISOCHECK_RELIABILITY_SEED);
  return Number.isInteger(s) && process.env.ISOCHECK_RELIABILITY_SEED !== '' ? s : Math.floor(Math.random() * 2 ** 31);
}

export const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function waitFor<T>(f: () => T | undefined, ms: number, stepMs = 100): Promise<T | undefined> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() > end) return undefined;
    await delay(stepMs);
  }
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `isocheck-rel-${prefix}-`));
}

/** Containers (full ids) carrying a label filter, e.g. `io.isocheck.pid=123` or `io.isocheck.run=abc`. */
export function containersWith(label: string): string[] {
  const r = docker(['ps', '-aq', '--no-trunc', '--filter', `label=${label}`]);
  return r.stdout.split('\n').map((l) => l.trim()).filter((l) => l !== '');
}

/** Containers started by one isocheck process (io.isocheck.pid), with their run ids. */
export function containersOfRunner(pid: number): { id: string; run: string }[] {
  const r = docker(['ps', '-a', '--no-trunc', '--filter', `label=io.isocheck.pid=${pid}`, '--format', '{{.ID}}\t{{.Label "io.isocheck.run"}}']);
  return r.stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [id = '', run = ''] = l.split('\t');
      return { id, run };
    });
}

/** Remove containers this suite created (by id only: never anyone else's). */
export function removeOwn(ids: readonly string[]): void {
  if (ids.length > 0) docker(['rm', '--force', '--volumes', ...ids]);
}

function cmdline(pid: string): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return undefined;
  }
}

function stateOf(pid: string): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return undefined;
  }
}

/** Live (not zombie) host processes whose command line satisfies `test`. */
export function processesWhere(test: (cmd: string) => boolean): { pid: number; cmd: string }[] {
  const out: { pid: number; cmd: string }[] = [];
  for (const n of fs.readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(n)) continue;
    const cmd = cmdline(n);
    if (cmd === undefined || cmd === '' || !test(cmd)) continue;
    const st = stateOf(n);
    if (st === undefined || st === 'Z' || st === 'X') continue; // gone, or a zombie waiting to be reaped
    out.push({ pid: Number(n), cmd });
  }
  return out;
}

/** runsc-sandbox / runsc-gofer processes whose command line names one of these containers. */
export function runscOf(ids: readonly string[]): { pid: number; cmd: string }[] {
  if (ids.length === 0) return [];
  return processesWhere((c) => /^runsc-(sandbox|gofer) /.test(c) && ids.some((id) => c.includes(id)));
}

/** Container ids named by runsc-sandbox / runsc-gofer command lines on this host. */
export function runscContainerIds(): Set<string> {
  const ids = new Set<string>();
  for (const p of processesWhere((c) => /^runsc-(sandbox|gofer) /.test(c))) {
    for (const m of p.cmd.matchAll(/\/moby\/([0-9a-f]{64})\b/g)) if (m[1]) ids.add(m[1]);
  }
  return ids;
}

/** docker CLI processes an isocheck runner started (their argv carries its pid label). */
export function dockerChildrenOf(runnerPid: number): number[] {
  return processesWhere((c) => c.includes(`--label=io.isocheck.pid=${runnerPid} `) || c.endsWith(`--label=io.isocheck.pid=${runnerPid}`)).map((p) => p.pid);
}

/** docker CLI processes naming any of these containers (e.g. the `docker rm` of a runner's cleanup, still running after the runner died). */
export function dockerTouching(ids: readonly string[]): number[] {
  return processesWhere((c) => /^\S*docker /.test(c) && ids.some((id) => c.includes(id) || c.includes(id.slice(0, 12)))).map((p) => p.pid);
}

export function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** `docker info` answers. */
export function engineAnswers(timeoutMs = 10_000): boolean {
  const r = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: timeoutMs });
  return r.status === 0 && r.stdout.trim() !== '';
}

/** A stack trace in CLI output (a crash rather than a one-line message). */
export const STACK = /^\s+at .+[(:]\d+/m;
