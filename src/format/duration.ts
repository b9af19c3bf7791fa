// Durations in scenarios: "500ms", "3s", "1.5m" or a number of seconds (the schema's pattern).
import type { Duration } from '../types.js';

const RE = /^([0-9]+(?:\.[0-9]+)?)(ms|s|m)$/;

/** The longest wait a timer holds: setTimeout fires after 1 ms for anything above 2^31-1 ms. */
export const MAX_DURATION_MS = 2 ** 31 - 1;
export const MAX_DURATION_TEXT = `${MAX_DURATION_MS}ms (about 24.8 days)`;

/** Why `ms` cannot be used as a wait (`positive`: a timeout, which must be above 0); undefined when it can. */
export function durationLimit(ms: number, positive: boolean): string | undefined {
  if (ms > MAX_DURATION_MS) return `is longer than the longest wait isocheck can keep, ${MAX_DURATION_TEXT}`;
  if (positive && ms < 1) return 'must be longer than 0 (a timeout of 0 would end the wait before it starts)';
  return undefined;
}

/** Milliseconds, or undefined when the value is not a duration (the validator reports it). */
export function parseDuration(d: Duration): number | undefined {
  if (typeof d === 'number') return Number.isFinite(d) && d >= 0 ? Math.round(d * 1000) : undefined;
  const m = RE.exec(d);
  if (!m) return undefined;
  const n = Number(m[1]);
  return Math.round(m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : n * 60_000);
}

export function formatDuration(ms: number): string {
  if (Math.round(ms) < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`;
  // Round to whole seconds first, so 119.6 s is 2m0s and not 1m60s.
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}m${s % 60}s`;
}
