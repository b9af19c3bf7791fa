// The targets a command line names: `--context NAME` and `--engine KIND` (repeatable), and a fleet
// file (`--targets fleet.yaml`). None: the docker CLI's own choice (DOCKER_HOST, current context).
import type { EngineTarget } from '../engine/types.js';
import { LOCAL_TARGET, targetsFromOptions } from '../engine/index.js';
import { UsageError } from '../errors.js';

export interface TargetOpts {
  context?: string[];
  engine?: string[];
  targets?: string;
}

export async function resolveTargets(opts: TargetOpts, cwd: string): Promise<EngineTarget[]> {
  const fromFlags = opts.context?.length || opts.engine?.length ? targetsFromOptions(opts) : [];
  const fromFile = opts.targets !== undefined ? (await import('../load/fleet.js')).loadFleet(opts.targets, cwd) : [];
  const all = [...fromFile, ...fromFlags];
  const seen = new Set<string>();
  for (const t of all) {
    if (seen.has(t.name)) throw new UsageError('duplicate-target', `target "${t.name}" is named twice (in --targets and --context/--engine)`);
    seen.add(t.name);
  }
  return all.length > 0 ? all : [LOCAL_TARGET];
}
