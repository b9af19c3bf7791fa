// Parsing of option values shared by several commands.
import { UsageError } from '../errors.js';
import { durationLimit, parseDuration } from '../format/duration.js';

export function parseVars(list: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of list ?? []) {
    const i = kv.indexOf('=');
    const name = i > 0 ? kv.slice(0, i) : '';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new UsageError('bad-var', `--var takes name=value with a variable name, got ${JSON.stringify(kv)}`);
    out[name] = kv.slice(i + 1);
  }
  return out;
}

export function parseJobs(v: string | undefined): number {
  const n = Number(v ?? '1');
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError('bad-jobs', `--jobs takes a whole number from 1 to 64, got ${JSON.stringify(v)}`);
  return n;
}

export function parseTimeout(v: string | undefined, flag = '--timeout'): number | undefined {
  if (v === undefined) return undefined;
  const ms = parseDuration(/^[0-9.]+$/.test(v) ? Number(v) : v);
  if (ms === undefined) throw new UsageError('bad-timeout', `${flag} takes a duration like 30s, 500ms or 2m, got ${JSON.stringify(v)}`);
  // The same limits as a scenario's timeouts: above 0, and no longer than a timer can hold.
  const limit = durationLimit(ms, true);
  if (limit !== undefined) throw new UsageError('bad-timeout', `${flag} ${JSON.stringify(v)} ${limit}`);
  return ms;
}

export function hasTag(tags: readonly string[] | undefined, wanted: readonly string[] | undefined): boolean {
  return wanted === undefined || wanted.length === 0 || wanted.some((t) => (tags ?? []).includes(t));
}
