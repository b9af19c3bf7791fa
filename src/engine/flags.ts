// ContainerOptions → the run flags Docker and Podman share (their `run` takes the same spellings),
// and the run argv both build from them.
// Each option is one argv element `--flag=value`: a value can never be read as another option.
import type { ContainerOptions, ContainerSpec } from './types.js';

type FlagOf = { [K in keyof Required<ContainerOptions>]: (v: NonNullable<ContainerOptions[K]>) => string[] };

/** One entry per option, so a new option that no flag maps fails to compile. */
const FLAGS: FlagOf = {
  pid: (v) => [`--pid=${v}`],
  network: (v) => [`--network=${v}`],
  user: (v) => [`--user=${v}`],
  readOnly: (v) => (v ? ['--read-only'] : []),
  capAdd: (v) => v.map((c) => `--cap-add=${c}`),
  capDrop: (v) => v.map((c) => `--cap-drop=${c}`),
  pidsLimit: (v) => [`--pids-limit=${v}`],
  memory: (v) => [`--memory=${v}`],
  cpus: (v) => [`--cpus=${v}`],
  securityOpt: (v) => v.map((s) => `--security-opt=${s}`),
  userns: (v) => [`--userns=${v}`],
  tmpfs: (v) => v.map((t) => `--tmpfs=${t}`),
  workdir: (v) => [`--workdir=${v}`],
  hostname: (v) => [`--hostname=${v}`],
  privileged: (v) => (v ? ['--privileged'] : []),
};

/** The flags for `o`, in the order options are declared (stable argv for plan and replay tests). */
export function optionFlags(o: ContainerOptions): string[] {
  const out: string[] = [];
  for (const key of Object.keys(FLAGS) as (keyof ContainerOptions)[]) {
    const v = o[key];
    if (v === undefined) continue;
    out.push(...(FLAGS[key] as (x: unknown) => string[])(v));
  }
  return out;
}

/**
 * `<cli> run --detach …` for a spec, in the order Docker and Podman both accept; `extra` are the
 * engine's own additions after the options. The image is the first positional argument: everything
 * after it is the container's argv, which the CLI does not parse as its own options.
 */
export function runArgvOf(cli: readonly string[], spec: ContainerSpec, extra: readonly string[] = []): string[] {
  return [
    ...cli, 'run', '--detach',
    `--name=${spec.name}`,
    ...Object.entries(spec.labels).map(([k, v]) => `--label=${k}=${v}`),
    ...spec.isolationFlags,
    ...(spec.noPull ? ['--pull=never'] : []),
    ...(spec.options ? optionFlags(spec.options) : []),
    ...extra,
    ...Object.entries(spec.env).map(([k, v]) => `--env=${k}=${v}`),
    spec.image,
    ...spec.command,
  ];
}
