// The contract between the CLI and a terminal reporter: events in, text out to the given stream.
import type { RunEvent } from '../../execute/events.js';

export type TerminalStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

export interface TerminalOptions {
  stream: TerminalStream;
  env: NodeJS.ProcessEnv;
  /** Only failures, environment errors and the summary. Always rendered by `plain`. */
  quiet: boolean;
  /** `auto` (default): `live` on a TTY outside CI, otherwise `plain`. */
  renderer?: 'auto' | 'live' | 'plain';
}

export interface Reporter {
  /** Synchronous and never throws for a well-formed event: the engine calls it inline. */
  onEvent(e: RunEvent): void;
  /** Waits until everything is written (for `live`: until listr has finished rendering). */
  close(): Promise<void>;
}
