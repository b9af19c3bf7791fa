// FleetResults for the fleet renderer tests, assembled as cli/commands/run-fleet.ts assembles them
// from parts the product makes: reachable targets carry RunResults PRODUCED BY THE REAL EXECUTOR on
// recorded engine output (test/fixtures/results/replayed.ts); unreachable ones are what run-fleet
// builds when detection throws (environmentFailure over the shipped scenarios, loaded and
// validated for real, with the engine error the recorded `docker info` gave).
import path from 'node:path';
import { environmentFailure, interruptedBeforeStart } from '../../../src/cli/commands/run-support.js';
import type { EngineTarget } from '../../../src/engine/types.js';
import { fleetTotals, worstStatus, type FleetResult, type FleetTargetInfo, type FleetTargetResult } from '../../../src/execute/fleet-result.js';
import type { RunResult } from '../../../src/execute/results.js';
import { fingerprint } from '../../../src/plan/engine.js';
import { displayPath, validatePaths } from '../../../src/validate/index.js';
import { ROOT } from '../../helpers/cli.js';
import { copy, ENVIRONMENT_ERROR, FAILED, HYPERV_FILE, PASSED, SANDBOX_FILE } from '../../fixtures/results/replayed.js';

const report = await validatePaths([path.join(ROOT, SANDBOX_FILE), path.join(ROOT, HYPERV_FILE)], { cwd: ROOT });
/** The two shipped scenarios of FAILED, with their files as run-fleet shows them (relative to the checkout). */
export const SELECTED = report.scenarios.map((s) => ({ ...s, file: displayPath(s.file, ROOT) }));

/** The engine error of the recorded unreachable engine (as the single run's JSON report kept it). */
export const ENGINE_ERROR = ENVIRONMENT_ERROR.result.environment.engineError ?? '';

const LOCAL = { endpoint: 'unix:///var/run/docker.sock', locality: 'local' as const };

/** A reached target: a copy of a replayed run, its fingerprint naming this target. */
export function reachable(name: string, result: RunResult, over: Partial<FleetTargetInfo> = {}): FleetTargetResult {
  const target: FleetTargetInfo = { name, kind: 'docker', ...LOCAL, tags: [], ...over };
  const r = copy(result);
  r.environment.target = { name, kind: target.kind, ...(target.endpoint ? { endpoint: target.endpoint } : {}), ...(target.locality ? { locality: target.locality } : {}), tags: target.tags };
  return { target, result: r };
}

/** A target whose detection failed, as run-fleet records it. */
export function unreachable(name: string, t: Partial<EngineTarget> = {}, why = ENGINE_ERROR): FleetTargetResult {
  const et: EngineTarget = { name, kind: 'docker', ...t };
  const result = environmentFailure(new Error(why), fingerprint(null, why, et), SELECTED);
  return { target: { name, kind: et.kind, ...(et.host ? { endpoint: et.host } : {}), ...(et.context ? { context: et.context } : {}), tags: et.tags ?? [] }, result };
}

/** A target a signal stopped before it was detected. */
export function stoppedBeforeStart(name: string): FleetTargetResult {
  return { target: { name, kind: 'docker', tags: [] }, result: interruptedBeforeStart('SIGINT', fingerprint(null, undefined, { name, kind: 'docker' }), SELECTED) };
}

export function fleetOf(targets: FleetTargetResult[], over: Partial<FleetResult> = {}): FleetResult {
  const status = worstStatus(targets.map((t) => t.result.status));
  return {
    kind: 'fleet', reportVersion: 1, runId: 'mx5fleet01', startedAt: '2026-12-01T23:00:00.000Z', durationMs: 5432, status,
    targets, totals: fleetTotals(targets), ...over,
  };
}

/** FAILED with the reference scenario passing (PASSED's): a target where everything ran and passed or was skipped. */
export function passingRun(): RunResult {
  const r = copy(FAILED.result);
  r.scenarios[0] = copy(PASSED.result).scenarios[0] as RunResult['scenarios'][number];
  r.status = 'passed';
  r.totals = { passed: 1, failed: 0, skipped: 1 };
  return r;
}

/**
 * Three targets: `local` fails the reference scenario and skips the Windows one, `second` passes
 * and skips, `edge` (ssh://) is unreachable.
 */
export function mixedFleet(): FleetResult {
  return fleetOf([
    reachable('local', FAILED.result),
    reachable('second', passingRun(), { endpoint: 'unix:///run/isocheck-e2/docker.sock', locality: 'remote', tags: ['e2', 'lab'] }),
    unreachable('edge', { host: 'ssh://edge.example', tags: ['edge'] }),
  ]);
}
