// isocheck plan: what `run` would do here, without starting anything.
import { ExitCode, formatProblem } from '../../errors.js';
import { execaSpawn } from '../../execute/spawn.js';
import { withEnv } from '../../execute/spawn-env.js';
import { detectEngine, dockerBinary, engineTimeoutMs, type DetectedEngine } from '../../plan/engine.js';
import { describePlan } from '../../plan/describe-plan.js';
import { planScenarios } from '../../plan/plan.js';
import { detectHostFacts } from '../../plan/host.js';
import { quoteArgv } from '../../report/quote.js';
import { displayPath, displayProblem, validatePaths } from '../../validate/index.js';
import type { CliIO } from '../io.js';
import { hasTag, parseVars } from '../options.js';

export async function main(paths: string[], opts: { tag?: string[]; var?: string[]; format?: 'text' | 'json'; engineTimeout?: string }, io: CliIO): Promise<number> {
  const vars = parseVars(opts.var);
  const timeoutMs = engineTimeoutMs(opts.engineTimeout, io.env);
  const report = await validatePaths(paths, { cwd: io.cwd, vars });
  const errors = report.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    for (const p of report.problems) io.stderr.write(`${formatProblem(displayProblem(p, io.cwd))}\n`);
    return ExitCode.invalid;
  }
  const docker = dockerBinary(io.env);
  let engine: DetectedEngine | null = null;
  let engineNote = '';
  try {
    engine = await detectEngine(withEnv(execaSpawn, io.env), docker, { timeoutMs });
  } catch (e) {
    engineNote = (e as Error).message;
  }
  const host = await detectHostFacts(execaSpawn);
  const inputs = planScenarios(report.scenarios.filter((s) => hasTag(s.scenario.tags, opts.tag)), host, engine, (f) => displayPath(f, io.cwd), vars);
  const plans = inputs.map((i) => describePlan(i, engine, host, docker, vars));
  if (opts.format === 'json') {
    io.stdout.write(`${JSON.stringify({ engine: engine?.facts ?? null, ...(engineNote ? { engineError: engineNote } : {}), scenarios: plans }, null, 2)}\n`);
    return ExitCode.ok;
  }
  const out: string[] = [];
  out.push(engine ? `engine: ${engine.facts.osType} ${engine.facts.version}, runtimes: ${engine.facts.runtimes.join(', ')}` : `engine: not reachable (${engineNote}); isolation flags are not resolved`);
  for (const p of plans) {
    out.push('', `${p.name} (${p.file})`);
    if (p.skipReason) out.push(`  would be skipped: ${p.skipReason}`);
    for (const st of p.steps) {
      out.push(`  ${st.index + 1}. ${st.title} [${st.kind}]`);
      out.push(`     ${st.argv ? `$ ${quoteArgv(st.argv)}` : st.action}`);
      for (const n of st.notes) out.push(`     note: ${n}`);
    }
  }
  io.stdout.write(`${out.join('\n')}\n`);
  return ExitCode.ok;
}
