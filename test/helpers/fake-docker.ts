// A stand-in `docker` CLI (a tiny sh script, used through ISOCHECK_DOCKER or RunOptions.docker) for
// cases the shared real engine must not be put into: it answers `docker info` with a real recorded
// answer (test/fixtures/recorded/linux/docker-info.json) and then behaves as the mode says. Only
// for classification logic; everything else in these tests runs for real.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './cli.js';

export const RECORDED_INFO = path.join(ROOT, 'test', 'fixtures', 'recorded', 'linux', 'docker-info.json');

/** The docker CLI's own message when the daemon socket is gone (docker CLI 28, unix socket). */
export const DAEMON_GONE = 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?';

const ID = 'c0ffee'.repeat(10) + 'c0ff';

export type FakeMode =
  /** every call but `info` fails as when dockerd has stopped */
  | 'engine-gone'
  /** `run` prints a container id, `top` prints a table whose PID is not a number, the rest succeed */
  | 'garbled-top';

/** Write the script into dir; `log` (optional) receives one line per call: the argv and $MARK. */
export function fakeDocker(dir: string, mode: FakeMode, log?: string): string {
  const file = path.join(dir, `docker-${mode}`);
  const record = log === undefined ? '' : `printf '%s|%s\\n' "$*" "\${MARK-}" >> '${log}'\n`;
  const body = mode === 'engine-gone'
    ? `echo '${DAEMON_GONE}' >&2\nexit 1\n`
    : `case "$1" in\n  run) echo ${ID} ;;\n  top) printf 'UID PID CMD\\nroot abc sleep 300\\n' ;;\nesac\nexit 0\n`;
  fs.writeFileSync(file, `#!/bin/sh\n${record}if [ "$1" = info ]; then cat '${RECORDED_INFO}'; exit 0; fi\n${body}`, { mode: 0o755 });
  return file;
}
