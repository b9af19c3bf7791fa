// isocheck run: validate (invalid → exit 2, nothing runs), detect the engine (unusable → exit 3),
// plan skips, run with a terminal reporter, write file reports, map the outcome to an exit code.
import { ExitCode, formatProblem } from '../../errors.js';
import { execaSpawn } from '../../execute/spawn.js';
import { newRunId, runAll } from '../../execute/runner.js';
import type { RunResult } from '../../execute/results.js';
import { detectEngine, dockerBinary, fingerprint } from '../../plan/engine.js';
import { planScenarios } from '../../plan/plan.js';
import { hostFacts } from '../../plan/requirements.js';
import { createTerminalReporter } from '../../report/terminal/index.js';
import { ReportWriteError, writeReports } from '../../report/files/index.js';
import { checkReportPaths } from './report-paths.js';
import { displayPath, displayProblem, validatePaths } from '../../validate/index.js';
import type { CliIO } from '../io.js';
import { hasTag, parseJobs, parseTimeout, parseVars } from '../options.js';
import { environmentFailure, interruptOn } from './run-support.js';

export interface RunOpts {
  jobs?: string;
  tag?: string[];
  timeout?: string;
  var?: string[];
  junit?: string;
  json?: string;
  markdown?: string;
  normalize?: boolean;
  quiet?: boolean;
  failOnSkip?: boolean;
  renderer?: 'auto' | 'live' | 'plain';
}

export async function main(paths: string[], opts: RunOpts, io: CliIO): Promise<number> {
  // Signals are handled from the first moment: one during validation or engine detection still
  // ends with reports marked interrupted and exit 130/143, not with the default signal action.
  const interrupt = interruptOn(['SIGINT', 'SIGTERM'], io);
  try {
    return await runCommand(paths, opts, io, interrupt);
  } finally {
    interrupt.dispose();
  }
}

async function runCommand(paths: string[], opts: RunOpts, io: CliIO, interrupt: ReturnType<typeof interruptOn>): Promise<number> {
  const vars = parseVars(opts.var);
  const jobs = parseJobs(opts.jobs);
  const stepTimeoutMs = parseTimeout(opts.timeout);
  const report = await validatePaths(paths, { cwd: io.cwd, vars, signal: interrupt.signal });
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
  const spawn = execaSpawn;
  const docker = dockerBinary(io.env);
  checkReportPaths([opts.junit, opts.json, opts.markdown], io.cwd);
  const files = { ...(opts.junit ? { junit: opts.junit } : {}), ...(opts.json ? { json: opts.json } : {}), ...(opts.markdown ? { markdown: opts.markdown } : {}), normalize: opts.normalize === true };
  let engine;
  try {
    engine = await detectEngine(spawn, docker);
  } catch (e) {
    const fail = environmentFailure(e, fingerprint(null, (e as Error).message), selected);
    await writeReports(fail, files).catch(() => undefined); // the engine error is the one line to print
    throw e; // the CLI's boundary prints one line and exits 3
  }
  const host = hostFacts();
  const inputs = planScenarios(selected, host, engine, (f) => displayPath(f, io.cwd));
  const reporter = await createTerminalReporter({ stream: io.stderr, env: io.env, quiet: opts.quiet === true, renderer: opts.renderer ?? 'auto' });
  const result: RunResult = await runAll(inputs, {
    spawn, docker, engine, host, runId: newRunId(), signal: interrupt.signal, jobs, vars,
    ...(stepTimeoutMs !== undefined ? { stepTimeoutMs } : {}),
    environment: fingerprint(engine),
    emit: (e) => reporter.onEvent(e),
  });
  await reporter.close();
  // The engine going away mid-run is the environment failing, not the claim: say so in the reports.
  const envLine = result.status === 'interrupted' ? undefined : engineLost(result);
  if (envLine !== undefined) {
    result.status = 'environment-error';
    result.environment.engineError = envLine;
  }
  let reportFailed = false;
  try {
    for (const f of await writeReports(result, files)) io.stderr.write(`report: ${f}\n`);
  } catch (e) {
    if (!(e instanceof ReportWriteError)) throw e;
    for (const f of e.written) io.stderr.write(`report: ${f}\n`);
    io.stderr.write(`isocheck: ${e.message} [report-write]\n`);
    reportFailed = true;
  }
  if (result.status === 'interrupted') return interrupt.signalName() === 'SIGTERM' ? ExitCode.sigterm : ExitCode.sigint;
  if (envLine !== undefined) {
    io.stderr.write(`isocheck: the engine stopped answering during the run: ${envLine} [engine-unreachable]\n`);
    return ExitCode.environment;
  }
  if (result.status !== 'passed' || reportFailed) return ExitCode.failed;
  if (opts.failOnSkip && result.totals.skipped > 0) {
    io.stderr.write(`isocheck: ${result.totals.skipped} scenario(s) skipped and --fail-on-skip is set [skipped]\n`);
    return ExitCode.environment;
  }
  return ExitCode.ok;
}

const ENGINE_GONE = /Cannot connect to the Docker daemon|Is the docker daemon running|error during connect|docker\.sock: connect/i;

/** A step error that says the engine went away mid-run: the environment, not the claim, failed. */
function engineLost(r: RunResult): string | undefined {
  for (const s of r.scenarios) {
    for (const st of s.steps) if (st.error && ENGINE_GONE.test(st.error.message)) return st.error.message.split('\n')[0];
    for (const e of s.cleanup.errors) if (ENGINE_GONE.test(e)) return e;
  }
  return undefined;
}
