// The environment every command of a run gets. The CLI's io.env is THE environment of what it
// starts (DOCKER_HOST, PATH, ISOCHECK_* given that way reach `docker`), not additions to this
// process's own environment: a variable absent from io.env is absent for the child too. The spawn
// seam adds req.env onto process.env, so a variable io.env lacks is passed as undefined, which
// Node's child_process leaves out of the child's environment.
import type { Spawn } from './spawn.js';

export function childEnv(env: NodeJS.ProcessEnv, own: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string | undefined> = {};
  for (const k of Object.keys(own)) out[k] = undefined;
  for (const [k, v] of Object.entries(env)) out[k] = v;
  return out as Record<string, string>;
}

export function withEnv(spawn: Spawn, env: NodeJS.ProcessEnv): Spawn {
  const full = childEnv(env);
  return (req) => spawn({ ...req, env: { ...full, ...req.env } });
}
