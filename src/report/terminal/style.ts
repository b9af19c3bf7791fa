// Colour for terminal output, decided per stream and environment (not per process): tiny ANSI
// helpers instead of util.styleText, whose colour decision on Node 20 does not follow NO_COLOR.
//
// Rules, in order: FORCE_COLOR set → colour unless it is "0" or "false" (it wins over NO_COLOR,
// as in Node itself); NO_COLOR set (any value) → none; stream not a TTY → none; TERM=dumb → none.

export interface ColorStream {
  isTTY?: boolean;
}

export function colorEnabled(stream: ColorStream, env: NodeJS.ProcessEnv): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR !== undefined) return false;
  if (stream.isTTY !== true) return false;
  return env.TERM !== 'dumb';
}

export type Paint = (text: string) => string;

export interface Style {
  enabled: boolean;
  green: Paint;
  red: Paint;
  yellow: Paint;
  cyan: Paint;
  dim: Paint;
  bold: Paint;
}

const code = (open: number, close: number): Paint => (text) => `\u001b[${open}m${text}\u001b[${close}m`;
const none: Paint = (text) => text;

export function createStyle(enabled: boolean): Style {
  if (!enabled) return { enabled, green: none, red: none, yellow: none, cyan: none, dim: none, bold: none };
  return {
    enabled,
    green: code(32, 39),
    red: code(31, 39),
    yellow: code(33, 39),
    cyan: code(36, 39),
    dim: code(2, 22),
    bold: code(1, 22),
  };
}

// eslint-disable-next-line no-control-regex
const ANSI_RE = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI_RE, '');
}
