// --json FILE for a fleet: the FleetResult itself (execute/fleet-result.ts), as the single-target
// JSON report writes a RunResult (files/json.ts: exact strings, inert on a terminal, never
// normalized):
//
//   { kind: "fleet", reportVersion: 1, runId, startedAt, durationMs, status, interruptedBy?,
//     totals: { passed, failed, skipped }            cells of the matrix (target × scenario)
//     targets: [{ target: { name, kind, endpoint?, context?, locality?, tags },
//                 result: RunResult }] }             each with its environment fingerprint
//
// `kind: "fleet"` tells it from a single run's report (which has no `kind`).
import type { FleetResult } from '../../execute/fleet-result.js';
import { jsonReport } from '../files/json.js';

export function renderFleetJson(fleet: FleetResult): string {
  return jsonReport(fleet);
}
