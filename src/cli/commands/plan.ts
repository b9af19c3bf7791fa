// isocheck plan: what `run` would do here, without starting anything.
import { ExitCode, formatProblem } from '../../errors.js';
import { jsonText, line } from '../../format/escape.js';
import { execaSpawn } from '../../execute/spawn.js';
import { withEnv } from '../../execute/spawn-env.js';
import { engineTimeoutMs, type DetectedEngine } from '../../plan/engine.js';
import { createDriver } from '../../engine/index.js';
import { resolveTargets, type TargetOpts } from '../targets.js';
import { describePlan } from '../../plan/describe-plan.js';
import { planScenarios } from '../../plan/plan.js';
import { detectHostFacts } from '../../plan/host.js';
import { quoteArgv } from '../../report/quote.js';
import { displayPath, displayProblem, validatePaths } from '../../validate/index.js';
import type { CliIO } from '../io.js';
import { hasTag, parseVars } from '../options.js';

export async function main(paths: string[], opts: { tag?: string[]; var?: string[]; format?: 'text' | 'json'; engineTimeout?: string } & TargetOpts, io: CliIO): Promise<number> {
  const vars = parseVars(opts.var);
  const timeoutMs = engineTimeoutMs(opts.engineTimeout, io.env);
  const report = await validatePaths(paths, { cwd: io.cwd, vars });
  const errors = report.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    for (const p of report.problems) io.stderr.write(`${formatProblem(displayProblem(p, io.cwd))}\n`);
    return ExitCode.invalid;
  }
  const targets = await resolveTargets(opts, io.cwd);
  const host = await detectHostFacts(execaSpawn);
  const selected = report.scenarios.filter((s) => hasTag(s.scenario.tags, opts.tag));
  // Every target is asked at once: one slow SSH engine does not hold up the others' plans.
  const planned = await Promise.all(targets.map(async (t) => {
    const driver = createDriver(t, io.env);
    let engine: DetectedEngine | null = null;
    let engineNote = '';
    try {
      engine = await driver.detect(withEnv(execaSpawn, io.env), { timeoutMs });
    } catch (e) {
      engineNote = (e as Error).message;
    }
    const inputs = planScenarios(selected, host, engine, (f) => displayPath(f, io.cwd), vars);
    return { target: t, engine, engineNote, plans: inputs.map((i) => describePlan(i, engine, host, driver, vars)) };
  }));
  if (opts.format === 'json') {
    const one = (p: (typeof planned)[number]): object => ({ engine: p.engine?.facts ?? null, ...(p.engineNote ? { engineError: p.engineNote } : {}), scenarios: p.plans });
    const only = planned.length === 1 ? planned[0] : undefined;
    io.stdout.write(`${jsonText(only ? one(only) : { targets: planned.map((p) => ({ target: p.target.name, kind: p.target.kind, ...one(p) })) })}\n`);
    return ExitCode.ok;
  }
  const out: string[] = [];
  for (const { target, engine, engineNote, plans } of planned) {
    if (planned.length > 1) out.push(...(out.length > 0 ? [''] : []), line`target: ${target.name} (${target.kind})`);
    out.push(...planText(engine, engineNote, plans));
  }
  io.stdout.write(`${out.join('\n')}\n`);
  return ExitCode.ok;
}

function planText(engine: DetectedEngine | null, engineNote: string, plans: ReturnType<typeof describePlan>[]): string[] {
  // Every value is the scenario's or the engine's: `line` shows each as one escaped line, and
  // quoteArgv writes a word with a control in it as $'…' (report/quote.ts).
  const out: string[] = [];
  out.push(engine ? line`engine: ${engine.facts.osType} ${engine.facts.version}, runtimes: ${engine.facts.runtimes.join(', ')}` : line`engine: not reachable (${engineNote}); isolation flags are not resolved`);
  for (const p of plans) {
    out.push('', line`${p.name} (${p.file})`);
    if (p.skipReason) out.push(line`  would be skipped: ${p.skipReason}`);
    if (p.onFailure === 'continue') out.push('  on failure: continue (a step runs unless it depends on a step that failed or did not run)');
    for (const st of p.steps) {
      out.push(line`  ${st.index + 1}. ${st.title} [${st.kind}]`);
      out.push(line`     ${st.argv ? `$ ${quoteArgv(st.argv)}` : st.action}`);
      for (const n of st.notes) out.push(line`     note: ${n}`);
      if (st.claim) out.push(line`     claim: "${st.claim.text}"${st.claim.url ? ` — ${st.claim.url}` : ''}`);
      if (st.knownDeviation !== undefined) out.push(line`     known deviation: ${st.knownDeviation}`);
      if (st.dependsOn) out.push(line`     depends on: ${st.dependsOn.join(', ')}`);
    }
  }
  return out;
}
