// Removing what isocheck started. Every container carries io.isocheck.* labels, so what a run
// started can be found again by label even when the run did not learn the id (interrupted
// `docker run`) or died (`isocheck clean`).
import { LABEL, LABEL_COLUMNS, listByLabelArgv, removeArgv } from '../plan/argv.js';
import type { Spawn } from './spawn.js';

const RM_TIMEOUT_MS = 30_000;

export interface LabeledContainer {
  id: string;
  name: string;
  labels: Record<string, string>;
}

export async function listContainers(spawn: Spawn, docker: string, label: string): Promise<LabeledContainer[]> {
  const r = await spawn({ argv: listByLabelArgv(docker, label), timeoutMs: RM_TIMEOUT_MS });
  if (r.exitCode !== 0) throw new Error(`docker ps failed: ${r.stderr.trim() || r.spawnError || `exit ${r.exitCode}`}`);
  return r.stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const row = parseRow(l);
      const [id = '', name = '', ...values] = row;
      const labels: Record<string, string> = {};
      LABEL_COLUMNS.forEach((k, i) => {
        if (values[i]) labels[k] = values[i];
      });
      return { id, name, labels };
    });
}

/** A row of listByLabelArgv's format: a JSON array of strings; anything else is refused, not guessed. */
function parseRow(line: string): string[] {
  let row: unknown;
  try {
    row = JSON.parse(line);
  } catch {
    row = undefined;
  }
  if (!Array.isArray(row) || !row.every((v): v is string => typeof v === 'string') || !/^[0-9a-f]{64}$/.test(row[0] ?? '')) {
    throw new Error(`docker ps printed a row isocheck does not understand: ${line.slice(0, 200)}`);
  }
  return row;
}

/** Remove containers by id; "No such container" is success (already gone). */
export async function removeContainers(spawn: Spawn, docker: string, ids: readonly string[]): Promise<{ removed: string[]; errors: string[] }> {
  if (ids.length === 0) return { removed: [], errors: [] };
  const r = await spawn({ argv: removeArgv(docker, ids), timeoutMs: RM_TIMEOUT_MS });
  // On success, stderr holds only warnings (e.g. "WARNING: Error loading config file"), not errors.
  const errors = (r.exitCode === 0 ? '' : r.stderr)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/no such container/i.test(l));
  if (r.spawnError) errors.push(r.spawnError);
  if (r.timedOut) errors.push(`docker rm did not finish within ${RM_TIMEOUT_MS / 1000}s`);
  // docker rm names the containers it could not remove; a failure naming none (daemon down)
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
export async function cleanupScenario(spawn: Spawn, docker: string, runId: string, file: string, knownIds: readonly string[], sweep = true): Promise<{ removed: string[]; errors: string[] }> {
  let found: LabeledContainer[] = [];
  const errors: string[] = [];
  if (sweep) {
    try {
      found = (await listContainers(spawn, docker, `${LABEL.run}=${runId}`)).filter((c) => c.labels[LABEL.scenario] === file);
    } catch (e) {
      errors.push((e as Error).message);
    }
  }
  const ids = [...new Set([...knownIds, ...found.map((c) => c.id)])];
  const r = await removeContainers(spawn, docker, ids);
  return { removed: r.removed, errors: [...errors, ...r.errors] };
}
