// What a fleet run produces: one RunResult per target (engine), side by side. Reporters render the
// matrix target × scenario from it; the JSON report of a fleet run is this shape.
import type { EngineKind } from '../engine/types.js';
import type { REPORT_VERSION, RunResult, RunStatus } from './results.js';
import { totals } from './runner.js';

/** The target as reports name it (no credentials: an endpoint URL's user info is dropped). */
export interface FleetTargetInfo {
  name: string;
  kind: EngineKind;
  /** The endpoint the engine CLI talks to, when known (unix:///run/x.sock, ssh://host, tcp://…). */
  endpoint?: string;
  /** The docker context (Podman: connection) the target names, when it names one. */
  context?: string;
  /** local: the host view came from this machine; remote: from a probe container on the engine. */
  locality?: 'local' | 'remote';
  tags: string[];
}

export interface FleetTargetResult {
  target: FleetTargetInfo;
  /**
   * The target's own run. An unreachable target is status "environment-error" with every scenario
   * not run and environment.engineError saying why; the other targets' results are unaffected.
   */
  result: RunResult;
}

export interface FleetResult {
  kind: 'fleet';
  reportVersion: typeof REPORT_VERSION;
  runId: string;
  startedAt: string;
  durationMs: number;
  /** The worst target status: interrupted > environment-error > failed > passed. */
  status: RunStatus;
  interruptedBy?: string;
  targets: FleetTargetResult[];
  /** Cells of the matrix (target × scenario). */
  totals: RunResult['totals'];
}

const RANK: Record<RunStatus, number> = { passed: 0, failed: 1, invalid: 2, 'environment-error': 3, interrupted: 4 };

/** The fleet's status: the worst of its targets'. */
export function worstStatus(statuses: readonly RunStatus[]): RunStatus {
  return statuses.reduce<RunStatus>((w, s) => (RANK[s] > RANK[w] ? s : w), 'passed');
}

/**
 * The fleet's totals count cells (target × scenario) exactly as a single run counts scenarios
 * (runner.ts totals): an unreachable target's scenarios are `error` (not run), so they count as
 * failed — as they do when a single run cannot reach its engine — and interrupted ones too.
 */
export function fleetTotals(targets: readonly FleetTargetResult[]): FleetResult['totals'] {
  return totals(targets.flatMap((t) => t.result.scenarios));
}
