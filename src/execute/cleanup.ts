// Removing what isocheck started. Every container carries io.isocheck.* labels, so what a run
// started can be found again by label even when the run did not learn the id (interrupted
// `docker run`) or died (`isocheck clean`).
import type { EngineDriver, LabeledContainer } from '../engine/types.js';
import { LABEL } from '../engine/labels.js';
import type { Spawn } from './spawn.js';

const RM_TIMEOUT_MS = 30_000;

export type { LabeledContainer } from '../engine/types.js';

export async function listContainers(spawn: Spawn, driver: EngineDriver, label: string): Promise<LabeledContainer[]> {
  const r = await spawn({ argv: driver.listByLabelArgv(label), timeoutMs: RM_TIMEOUT_MS });
  if (r.exitCode !== 0) throw new Error(`${driver.kind} ps failed: ${r.stderr.trim() || r.spawnError || `exit ${r.exitCode}`}`);
  return driver.parseList(r.stdout);
}

/** Remove containers by id; "No such container" is success (already gone). */
export async function removeContainers(spawn: Spawn, driver: EngineDriver, ids: readonly string[]): Promise<{ removed: string[]; errors: string[] }> {
  if (ids.length === 0) return { removed: [], errors: [] };
  const r = await spawn({ argv: driver.removeArgv(ids), timeoutMs: RM_TIMEOUT_MS });
  // On success, stderr holds only warnings (e.g. "WARNING: Error loading config file"), not errors.
  const errors = (r.exitCode === 0 ? '' : r.stderr)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/no such container/i.test(l));
  if (r.spawnError) errors.push(r.spawnError);
  if (r.timedOut) errors.push(`${driver.kind} rm did not finish within ${RM_TIMEOUT_MS / 1000}s`);
  // `rm` names the containers it could not remove; a failure naming none (daemon down)
  // removed nothing.
  const named = (id: string): boolean => errors.some((e) => e.includes(id.slice(0, 12)));
  const specific = ids.some(named);
  const removed = r.exitCode === 0 || errors.length === 0 ? [...ids] : specific ? ids.filter((id) => !named(id)) : [];
  return { removed, errors };
}

/**
 * Remove every container of a scenario in a run: the known ids, and — when some `docker run` did
 * not tell its id (failed, timed out, interrupted) — whatever else carries the scenario's labels.
 */
export async function cleanupScenario(spawn: Spawn, driver: EngineDriver, runId: string, file: string, knownIds: readonly string[], sweep = true): Promise<{ removed: string[]; errors: string[] }> {
  let found: LabeledContainer[] = [];
  const errors: string[] = [];
  if (sweep) {
    try {
      found = (await listContainers(spawn, driver, `${LABEL.run}=${runId}`)).filter((c) => c.labels[LABEL.scenario] === file);
    } catch (e) {
      errors.push((e as Error).message);
    }
  }
  const ids = [...new Set([...knownIds, ...found.map((c) => c.id)])];
  const r = await removeContainers(spawn, driver, ids);
  return { removed: r.removed, errors: [...errors, ...r.errors] };
}
