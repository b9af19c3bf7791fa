// `isocheck run` over a fleet: every scenario on every target, targets in parallel, `--jobs`
// bounding the scenarios running at once over all of them. One unreachable target is that target's
// environment error, not the fleet's: the others run and report. The exit code is the worst outcome.
import { ExitCode } from '../../errors.js';
import { createDriver } from '../../engine/index.js';
import type { EngineTarget } from '../../engine/types.js';
import { displayEndpoint } from '../../engine/locality.js';
import { fleetTotals, worstStatus, type FleetResult, type FleetTargetInfo, type FleetTargetResult } from '../../execute/fleet-result.js';
import { createLimiter } from '../../execute/limiter.js';
import { runAll } from '../../execute/runner.js';
import type { RunResult } from '../../execute/results.js';
import type { Spawn } from '../../execute/spawn.js';
import { line } from '../../format/escape.js';
import { hostProbeFor, warmProbe } from '../../host/probes.js';
import { fingerprint } from '../../plan/engine.js';
import { detectHostFacts } from '../../plan/host.js';
import { planScenarios } from '../../plan/plan.js';
import { ReportWriteError, type FileReportOptions } from '../../report/files/index.js';
import { printMatrix, writeFleetReports } from '../../report/fleet/index.js';
import { scenarioIcon } from '../../report/summary.js';
import { displayPath, type LoadedScenario, type ValidationReport } from '../../validate/index.js';
import type { CliIO } from '../io.js';
import type { RunOpts } from './run.js';
import { checkReportPaths } from './report-paths.js';
import { environmentFailure, interruptedBeforeStart, type interruptOn, probeImage, signalExitCode } from './run-support.js';

export interface FleetRunContext {
  opts: RunOpts;
  io: CliIO;
  interrupt: ReturnType<typeof interruptOn>;
  runId: string;
  spawn: Spawn;
  jobs: number;
  engineMs: number;
  vars: Record<string, string>;
  report: ValidationReport;
  stepTimeoutMs?: number;
  pullTimeoutMs?: number;
}

export async function runFleet(targets: readonly EngineTarget[], selected: readonly LoadedScenario[], c: FleetRunContext): Promise<number> {
  const t0 = Date.now();
  const { io, interrupt } = c;
  const files = { ...checkReportPaths(c.opts, { cwd: io.cwd, inputs: c.report.files }), normalize: c.opts.normalize === true, streams: io };
  const probeOpts = probeImage(c.opts, io.env); // a bad image is a usage error before anything runs
  const host = await detectHostFacts(c.spawn);
  const limiter = createLimiter(c.jobs);
  // Files as the runs of reachable targets show them (planScenarios): an unreachable target's
  // cells must land in the same matrix columns.
  const shown = selected.map((s) => ({ ...s, file: displayPath(s.file, io.cwd) }));
  const say = (s: string): void => {
    if (c.opts.quiet !== true) io.stderr.write(s);
  };
  say(line`isocheck: ${selected.length} scenario(s) on ${targets.length} targets: ${targets.map((t) => t.name).join(', ')}\n`);

  const one = async (t: EngineTarget): Promise<FleetTargetResult> => {
    const driver = createDriver(t, io.env);
    let result: RunResult;
    try {
      const engine = await driver.detect(c.spawn, { timeoutMs: c.engineMs, signal: interrupt.signal });
      const inputs = planScenarios(selected, host, engine, (f) => displayPath(f, io.cwd), c.vars);
      const probe = hostProbeFor({ engine, host, spawn: c.spawn, runId: c.runId, ...probeOpts });
      warmProbe(probe, inputs, interrupt.signal);
      try {
        result = await runAll(inputs, {
          spawn: c.spawn, engine, probe, host, runId: c.runId, signal: interrupt.signal, jobs: c.jobs, limiter, vars: c.vars, strict: c.opts.strict === true,
          ...(c.stepTimeoutMs !== undefined ? { stepTimeoutMs: c.stepTimeoutMs } : {}),
          ...(c.pullTimeoutMs !== undefined ? { pullTimeoutMs: c.pullTimeoutMs } : {}),
          environment: fingerprint(engine),
          emit: (e) => {
            if (e.type === 'scenario:end') say(line`${scenarioIcon(e.result.status)} ${t.name} × ${e.result.name}: ${e.result.status}${e.result.skipReason ? ` (${e.result.skipReason})` : ''}\n`);
          },
        });
      } finally {
        await probe.dispose();
      }
      const endpoint = engine.locality.endpoint !== '' ? { endpoint: displayEndpoint(engine.locality.endpoint) } : {};
      return { target: { ...targetInfo(t), ...endpoint, locality: engine.locality.local ? 'local' : 'remote' }, result };
    } catch (e) {
      // Only detection throws here (a run's failures are data): this target is unreachable.
      result = interrupt.signal.aborted
        ? interruptedBeforeStart(interrupt.signalName(), fingerprint(null, undefined, t), shown)
        : environmentFailure(e, fingerprint(null, (e as Error).message, t), shown);
      say(line`✖ ${t.name}: ${(e as Error).message}\n`);
      return { target: { ...targetInfo(t), ...(t.host !== undefined ? { endpoint: displayEndpoint(t.host) } : {}) }, result };
    }
  };
  const results = await Promise.all(targets.map(one));
  const status = worstStatus(results.map((r) => r.result.status));
  const fleet: FleetResult = {
    kind: 'fleet', reportVersion: 1, runId: c.runId, startedAt: new Date(t0).toISOString(), durationMs: Date.now() - t0, status,
    ...(interrupt.signal.aborted ? { interruptedBy: interrupt.signalName() ?? 'signal' } : {}),
    targets: results,
    totals: fleetTotals(results),
  };
  const reportFailed = await reportFleet(fleet, files, io);
  if (status === 'interrupted') return signalExitCode(interrupt.signalName());
  if (status === 'environment-error') return ExitCode.environment;
  if (status !== 'passed' || reportFailed) return ExitCode.failed;
  if (c.opts.failOnSkip && fleet.totals.skipped > 0) {
    io.stderr.write(`isocheck: ${fleet.totals.skipped} scenario run(s) skipped and --fail-on-skip is set [skipped]\n`);
    return ExitCode.environment;
  }
  return ExitCode.ok;
}

function targetInfo(t: EngineTarget): FleetTargetInfo {
  return { name: t.name, kind: t.kind, ...(t.context !== undefined ? { context: t.context } : {}), tags: t.tags ?? [] };
}

/** The matrix on standard error, then the report files; true when a report could not be written. */
async function reportFleet(fleet: FleetResult, files: FileReportOptions, io: CliIO): Promise<boolean> {
  printMatrix(fleet, io.stderr, io.env);
  try {
    for (const f of await writeFleetReports(fleet, files)) io.stderr.write(line`report: ${f}\n`);
    return false;
  } catch (e) {
    if (!(e instanceof ReportWriteError)) throw e;
    for (const f of e.written) io.stderr.write(line`report: ${f}\n`);
    io.stderr.write(line`isocheck: ${e.message} [report-write]\n`);
    return true;
  }
}
