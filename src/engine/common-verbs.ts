// The verbs Podman's CLI copied from Docker's with the same spelling and the same answers: one
// definition, spread into both drivers. Anything that differs (top, rm, ps formats) stays in each.
import { cgroupNamesContainer } from '../parse/cgroup.js';
import type { EngineDriver } from './types.js';

type Common = Pick<EngineDriver, 'execArgv' | 'inspectPidArgv' | 'imageInspectArgv' | 'pullArgv' | 'cgroupOwns'>;

export function commonVerbs(cli: readonly string[]): Common {
  return {
    execArgv: (id, command) => [...cli, 'exec', id, ...command],
    inspectPidArgv: (id) => [...cli, 'inspect', '--format', '{{.State.Pid}}', id],
    imageInspectArgv: (image) => [...cli, 'image', 'inspect', '--format', '{{.Id}}', image],
    pullArgv: (image) => [...cli, 'pull', image],
    // Both name the full id in the cgroup path: /docker/<id>, docker-<id>.scope, /libpod_parent/libpod-<id>.
    cgroupOwns: (text, id) => cgroupNamesContainer(text, id),
  };
}
