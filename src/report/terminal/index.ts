// Terminal reporters, listr2 style: a registry of renderers and a non-TTY fallback.
//
//   live  — listr2's live task list (spinners, redraws). Chosen by `auto` only on a TTY outside CI.
//   plain — one line per event, no cursor movement, for CI logs and pipes; also renders --quiet.
//
// `auto` picks `live` only when stream.isTTY and CI is unset (or "false"); otherwise `plain`.
// --quiet always renders with `plain` (a live list has nothing to leave out), whatever `renderer`.
import { PlainReporter } from './plain.js';
import { colorEnabled } from './style.js';
import type { Reporter, TerminalOptions } from './types.js';

export type { Reporter, TerminalOptions, TerminalStream } from './types.js';

export type RendererName = 'live' | 'plain';

// live is imported only when chosen: listr2 costs start-up time a CI log never needs.
export const RENDERERS: Record<RendererName, (o: TerminalOptions) => Promise<Reporter>> = {
  live: async (o) => new (await import('./live.js')).LiveReporter({ stream: o.stream, color: colorEnabled(o.stream, o.env) }),
  plain: (o) => Promise.resolve(new PlainReporter({ stream: o.stream, quiet: o.quiet, color: colorEnabled(o.stream, o.env) })),
};

export function isCI(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci.toLowerCase() !== 'false';
}

/** Which renderer the options select. */
export function selectRenderer(o: Pick<TerminalOptions, 'stream' | 'env' | 'quiet' | 'renderer'>): RendererName {
  if (o.quiet) return 'plain';
  const want = o.renderer ?? 'auto';
  if (want !== 'auto') return want;
  return o.stream.isTTY === true && !isCI(o.env) ? 'live' : 'plain';
}

export function createTerminalReporter(o: TerminalOptions): Promise<Reporter> {
  return RENDERERS[selectRenderer(o)](o);
}
