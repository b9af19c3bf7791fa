// A run step's run options (scenario words) → the engine contract's ContainerOptions. The driver
// maps those to its CLI's flags (or refuses one with a reason); this only resolves what the scenario
// names: `pid: container:<step id>` becomes that step's container id, known when this step starts.
import type { ContainerOptions } from '../engine/types.js';
import type { RunStep } from '../types.js';

const CONTAINER_PREFIX = 'container:';

/** The run step named by `pid: container:<step id>`, when the step shares one's PID namespace. */
export function pidContainer(step: RunStep): string | undefined {
  return step.pid?.startsWith(CONTAINER_PREFIX) ? step.pid.slice(CONTAINER_PREFIX.length) : undefined;
}

/** `container` gives a run step's container id (or a plan placeholder); throws when it has none. */
export function containerOptions(step: RunStep, container: (stepId: string) => string): ContainerOptions {
  const o: ContainerOptions = {};
  if (step.pid !== undefined) o.pid = step.pid.startsWith(CONTAINER_PREFIX) ? `${CONTAINER_PREFIX}${container(step.pid.slice(CONTAINER_PREFIX.length))}` : step.pid;
  if (step.network !== undefined) o.network = step.network;
  if (step.user !== undefined) o.user = step.user;
  if (step.readOnly !== undefined) o.readOnly = step.readOnly;
  if (step.capAdd !== undefined) o.capAdd = [...step.capAdd];
  if (step.capDrop !== undefined) o.capDrop = [...step.capDrop];
  if (step.pidsLimit !== undefined) o.pidsLimit = step.pidsLimit;
  if (step.memory !== undefined) o.memory = step.memory;
  if (step.cpus !== undefined) o.cpus = String(step.cpus);
  if (step.securityOpt !== undefined) o.securityOpt = [...step.securityOpt];
  if (step.userns !== undefined) o.userns = step.userns;
  if (step.tmpfs !== undefined) o.tmpfs = [...step.tmpfs];
  if (step.workdir !== undefined) o.workdir = step.workdir;
  if (step.hostname !== undefined) o.hostname = step.hostname;
  if (step.privileged !== undefined) o.privileged = step.privileged;
  return o;
}

/** Whether the step sets any run option (plan shows them; transcripts show them as typed). */
export function hasRunOptions(step: RunStep): boolean {
  return Object.keys(containerOptions(step, (id) => id)).length > 0;
}
