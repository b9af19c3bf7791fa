// isocheck run: validate (invalid → exit 2, nothing runs), detect the engine (unusable → exit 3),
// plan skips, run with a terminal reporter, write file reports, map the outcome to an exit code.
import { ExitCode, formatProblem } from '../../errors.js';
import { cgroupMode, openRunCgroupAsync, type RunCgroup } from '../../execute/cgroup.js';
import { createSpawn } from '../../execute/spawn.js';
import { withEnv } from '../../execute/spawn-env.js';
import { line } from '../../format/escape.js';
import { newRunId } from '../../execute/run-id.js';
import type { RunResult } from '../../execute/results.js';
import { engineTimeoutMs, fingerprint, type DetectedEngine } from '../../plan/engine.js';
import { createDriver } from '../../engine/index.js';
import { resolveTargets, type TargetOpts } from '../targets.js';
import type { FileReportOptions } from '../../report/files/index.js';
import { checkReportPaths } from './report-paths.js';
import { displayPath, displayProblem, validatePaths } from '../../validate/index.js';
import type { CliIO } from '../io.js';
import { hasTag, parseJobs, parseTimeout, parseVars } from '../options.js';
import { environmentFailure, INTERRUPT_SIGNALS, interruptedBeforeStart, interruptOn, probeImage, signalExitCode } from './run-support.js';

export interface RunOpts extends TargetOpts {
  jobs?: string;
  tag?: string[];
  timeout?: string;
  pullTimeout?: string;
  var?: string[];
  junit?: string;
  json?: string;
  markdown?: string;
  normalize?: boolean;
  quiet?: boolean;
  failOnSkip?: boolean;
  /** --strict: known deviations are failures. */
  strict?: boolean;
  renderer?: 'auto' | 'live' | 'plain';
  engineTimeout?: string;
  probeImage?: string;
}

// What runs the scenarios and writes the reports is loaded while the engine answers `docker info`
// (another process): ~60-80 ms of module loading off the way to the first step. Validation and
// engine detection need none of it.
const loadExecution = async () => {
  const [runner, probes, plan, host, terminal] = await Promise.all([
    import('../../execute/runner.js'), import('../../host/probes.js'), import('../../plan/plan.js'), import('../../plan/host.js'), import('../../report/terminal/index.js'),
  ]);
  return { runAll: runner.runAll, hostProbeFor: probes.hostProbeFor, warmProbe: probes.warmProbe, planScenarios: plan.planScenarios, detectHostFacts: host.detectHostFacts, createTerminalReporter: terminal.createTerminalReporter };
};
const loadReports = () => import('../../report/files/index.js');

/** writeReports, loaded when first needed. */
async function writeReports(result: RunResult, o: FileReportOptions): Promise<string[]> {
  return (await loadReports()).writeReports(result, o);
}

export async function main(paths: string[], opts: RunOpts, io: CliIO): Promise<number> {
  // Signals are handled from the first moment: one during validation or engine detection still
  // ends with reports marked interrupted and exit 130/143/129, not with the default signal action.
  const interrupt = interruptOn(INTERRUPT_SIGNALS, io);
  // Every process a step starts lands in this run's cgroup (Linux, root): the end of the run kills
  // what is left, even processes that left their process group or session.
  // isocheck moves into it while validating; the first command is spawned after that.
  const runId = newRunId();
  const grouping = openRunCgroupAsync(runId, cgroupMode(io.env));
  try {
    return await runCommand(paths, opts, io, interrupt, runId, grouping);
  } finally {
    const left = (await (await grouping)?.dispose()) ?? [];
    if (left.length > 0) io.stderr.write(`isocheck: killed ${left.length} process(es) the run's commands left running\n`);
    interrupt.dispose();
  }
}

async function runCommand(paths: string[], opts: RunOpts, io: CliIO, interrupt: ReturnType<typeof interruptOn>, runId: string, grouping: Promise<RunCgroup | undefined>): Promise<number> {
  const vars = parseVars(opts.var);
  const jobs = parseJobs(opts.jobs);
  const stepTimeoutMs = parseTimeout(opts.timeout);
  const pullTimeoutMs = parseTimeout(opts.pullTimeout, '--pull-timeout');
  const engineMs = engineTimeoutMs(opts.engineTimeout, io.env);
  const report = await validatePaths(paths, { cwd: io.cwd, vars, signal: interrupt.signal });
  // A signal during validation cut it short: what it found so far is not the run's input. Nothing
  // starts; the reports (where their paths are sound) say interrupted.
  if (interrupt.signal.aborted) {
    const files = reportFilesOrNone(() => checkReportPaths(opts, { cwd: io.cwd, inputs: report.files }));
    if (files) await writeReports(interruptedBeforeStart(interrupt.signalName(), fingerprint(null), report.scenarios), { ...files, normalize: opts.normalize === true, streams: io }).catch(() => undefined);
    return signalExitCode(interrupt.signalName());
  }
  const errors = report.problems.filter((p) => p.severity === 'error');
  for (const p of report.problems) io.stderr.write(`${formatProblem(displayProblem(p, io.cwd))}\n`);
  if (errors.length > 0) {
    io.stderr.write(`isocheck: ${errors.length} problem(s) in the scenarios; nothing was run\n`);
    return ExitCode.invalid;
  }
  const selected = report.scenarios.filter((s) => hasTag(s.scenario.tags, opts.tag));
  if (selected.length === 0) {
    io.stderr.write(`isocheck: no scenario${opts.tag?.length ? ` has tag ${opts.tag.join(' or ')}` : ' to run'}\n`);
    return ExitCode.invalid;
  }
  const group = await grouping;
  const spawn = withEnv(io.spawn ?? createSpawn(group ? { cgroup: group } : {}), io.env);
  const targets = await resolveTargets(opts, io.cwd);
  if (targets.length > 1) {
    const { runFleet } = await import('./run-fleet.js');
    return runFleet(targets, selected, { opts, io, interrupt, runId, spawn, jobs: opts.jobs === undefined ? targets.length : jobs, engineMs, vars, report, ...(stepTimeoutMs !== undefined ? { stepTimeoutMs } : {}), ...(pullTimeoutMs !== undefined ? { pullTimeoutMs } : {}) });
  }
  const target = targets[0] ?? { name: 'local', kind: 'docker' as const };
  const driver = createDriver(target, io.env);
  // Resolved once against io.cwd; writeReports writes exactly these targets (never a scenario file).
  const files = { ...checkReportPaths(opts, { cwd: io.cwd, inputs: report.files }), normalize: opts.normalize === true, streams: io };
  // A signal during validation or engine detection: reports say interrupted, nothing is started.
  const stopped = async (e: DetectedEngine | null): Promise<number> => {
    await writeReports(interruptedBeforeStart(interrupt.signalName(), fingerprint(e), selected), files).catch(() => undefined);
    return signalExitCode(interrupt.signalName());
  };
  if (interrupt.signal.aborted) return stopped(null);
  let engine;
  const detecting = driver.detect(spawn, { timeoutMs: engineMs, signal: interrupt.signal });
  const loading = loadExecution();
  loading.catch(() => undefined); // awaited below; not unhandled when detection ends the run first
  try {
    engine = await detecting;
  } catch (e) {
    if (interrupt.signal.aborted) return stopped(null);
    const fail = environmentFailure(e, fingerprint(null, (e as Error).message, target), selected);
    await writeReports(fail, files).catch(() => undefined); // the engine error is the one line to print
    throw e; // the CLI's boundary prints one line and exits 3
  }
  if (interrupt.signal.aborted) return stopped(engine);
  const { runAll, hostProbeFor, warmProbe, planScenarios, detectHostFacts, createTerminalReporter } = await loading;
  const reports = loadReports(); // needed at the end; loads while the first steps run
  reports.catch(() => undefined);
  const host = await detectHostFacts(spawn);
  const inputs = planScenarios(selected, host, engine, (f) => displayPath(f, io.cwd), vars);
  const reporter = await createTerminalReporter({ stream: io.stderr, env: io.env, quiet: opts.quiet === true, renderer: opts.renderer ?? 'auto' });
  const probe = hostProbeFor({ engine, host, spawn, runId, ...probeImage(opts, io.env) });
  warmProbe(probe, inputs, interrupt.signal);
  let result: RunResult;
  try {
    result = await runAll(inputs, {
      spawn, engine, probe, host, runId, signal: interrupt.signal, jobs, vars, strict: opts.strict === true,
      ...(stepTimeoutMs !== undefined ? { stepTimeoutMs } : {}),
      ...(pullTimeoutMs !== undefined ? { pullTimeoutMs } : {}),
      environment: fingerprint(engine),
      emit: (e) => reporter.onEvent(e),
    });
  } finally {
    await probe.dispose();
  }
  await reporter.close();
  let reportFailed = false;
  const { ReportWriteError } = await reports;
  try {
    for (const f of await writeReports(result, files)) io.stderr.write(line`report: ${f}\n`);
  } catch (e) {
    if (!(e instanceof ReportWriteError)) throw e;
    for (const f of e.written) io.stderr.write(line`report: ${f}\n`);
    io.stderr.write(line`isocheck: ${e.message} [report-write]\n`);
    reportFailed = true;
  }
  if (result.status === 'interrupted') return signalExitCode(interrupt.signalName());
  if (result.status === 'environment-error') {
    io.stderr.write(line`isocheck: the engine stopped answering during the run: ${result.environment.engineError ?? ''} [engine-unreachable]\n`);
    return ExitCode.environment;
  }
  if (result.status !== 'passed' || reportFailed) return ExitCode.failed;
  if (opts.failOnSkip && result.totals.skipped > 0) {
    io.stderr.write(`isocheck: ${result.totals.skipped} scenario(s) skipped and --fail-on-skip is set [skipped]\n`);
    return ExitCode.environment;
  }
  return ExitCode.ok;
}

/** The report targets, or none when the paths themselves are unusable (the interrupt is the news). */
function reportFilesOrNone<T>(check: () => T): T | undefined {
  try {
    return check();
  } catch {
    return undefined;
  }
}
