// The fully resolved plan of a scenario: every step with the exact argv it would run on this
// engine, values only known at run time shown as <captured: name>. Uses the executor's own argv
// builders, so the plan cannot drift from what `run` does.
import { interpolate } from '../format/interpolate.js';
import type { ScenarioInput } from '../model/scenario-input.js';
import { stepTitle } from '../model/scenario-input.js';
import type { OnFailure, Step } from '../types.js';
import { resolveClaim, type ResolvedClaim } from '../format/claim.js';
import { describeDependency, stepDependencies } from './dependencies.js';
import type { EngineDriver } from '../engine/types.js';
import { execArgv, runArgv, type ArgvContext } from './argv.js';
import type { DetectedEngine } from './engine.js';
import { isEngineValueName, resolveVars } from './engine-vars.js';
import type { HostFacts } from './requirements.js';

export interface PlannedStep {
  index: number;
  id?: string;
  kind: Step['kind'];
  title: string;
  /** The command(s) the step runs, or a description when it reads the host directly. */
  argv?: string[];
  action: string;
  notes: string[];
  /** The page's sentence the step checks, and the link to it. */
  claim?: ResolvedClaim;
  knownDeviation?: string;
  /** The earlier steps whose container, count or captures it uses (`step 1 (sbx): container`). */
  dependsOn?: string[];
}

export interface PlannedScenario {
  file: string;
  name: string;
  skipReason?: string;
  /** What happens after a failed step (scenario onFailure; default stop). */
  onFailure: OnFailure;
  steps: PlannedStep[];
}

/** `driver`: the target's driver (the engine's, or the one that would be used when it is not reachable). */
export function describePlan(input: ScenarioInput, engine: DetectedEngine | null, host: HostFacts, driver: EngineDriver, vars: Record<string, string>): PlannedScenario {
  const s = input.scenario;
  const known = new Map(Object.entries(resolveVars(s, engine, vars).values));
  const value = (t: string): string =>
    interpolate(t, (name) => known.get(name) ?? (isEngineValueName(name) ? `<${name}>` : typeof s.vars?.[name] === 'object' ? `<${name}: no value for this engine>` : name.endsWith('.id') ? `<container id: ${name.slice(0, -3)}>` : name.endsWith('.name') ? `<container name: ${name.slice(0, -5)}>` : name.endsWith('.pid') ? `<container pid: ${name.slice(0, -4)}>` : `<captured: ${name}>`)).value;
  const container = (id: string): string => `<container id: ${id}>`;
  const c: ArgvContext = { driver, runId: '<run-id>', scenarioFile: input.file, scenarioIndex: input.index, runnerPid: '<isocheck pid>', hostname: host.hostname, value, container };
  const k = driver.kind;
  const deps = stepDependencies(s);
  const steps = s.steps.map((st, index): PlannedStep => {
    const step = plannedStep(st, index);
    const claim = resolveClaim(st.claim, s.source);
    const dependsOn = (deps[index] ?? []).map((d) => describeDependency(s.steps, d));
    return { ...step, ...(claim ? { claim } : {}), ...(st.knownDeviation !== undefined ? { knownDeviation: st.knownDeviation } : {}), ...(dependsOn.length > 0 ? { dependsOn } : {}) };
  });
  return { file: input.file, name: s.name, ...(input.skipReason ? { skipReason: input.skipReason } : {}), onFailure: s.onFailure ?? 'stop', steps };

  function plannedStep(st: Step, index: number): PlannedStep {
    const stepId = st.id ?? `step${index + 1}`;
    const base = { index, ...(st.id ? { id: st.id } : {}), kind: st.kind, title: stepTitle(st, index), notes: [] as string[] };
    switch (st.kind) {
      case 'run': {
        const m = engine ? driver.mapIsolation(st.isolation ?? 'default', st.runtime, engine) : undefined;
        if (m && !m.ok) return { ...base, action: `cannot run: ${m.reason}` };
        const planned = runArgv(st, stepId, m?.ok ? m.flags : [], c);
        if (!planned.ok) return { ...base, action: `cannot run: ${planned.reason}` };
        const argv = planned.argv;
        const pull = `pull ${st.pull ?? 'missing'}: ${st.pull === 'never' ? 'not pulled; a missing image skips the scenario' : st.pull === 'always' ? 'pulled' : 'pulled if not present'} before any scenario starts (${k} pull ${value(st.image)}), then ${k} run --pull=never`;
        return { ...base, argv, action: 'start a container', notes: [...(m?.ok ? [`isolation ${st.isolation ?? 'default'}: ${m.describe}`] : ['isolation flags depend on the engine (not reachable)']), pull] };
      }
      case 'top':
        return { ...base, argv: driver.topArgv(container(st.container)), action: 'the engine\'s view of the container\'s processes', notes: (st.view ?? 'auto') === 'auto' ? [`if the PIDs it lists are not the container's own host processes (gVisor), the runtime's view is used: runsc ps, or ${k} exec ps`] : [] };
      case 'host-processes': {
        const m = st.match ?? {};
        const what = [m.name ? `name ${value(m.name)}` : '', m.pid !== undefined ? `PID ${value(String(m.pid))}` : '', m.pattern ? `command line /${value(m.pattern)}/` : '', m.container ? `owned by ${container(m.container)}` : ''].filter(Boolean).join(', ');
        const source = engine && !engine.locality.local ? `a probe container on the engine's host (${engine.locality.endpoint})` : host.os === 'windows' ? 'PowerShell Get-Process as JSON' : '/proc';
        return { ...base, action: `read the host's process table from ${source}${what ? `: ${what}` : ''}` };
      }
      case 'exec':
        return { ...base, argv: execArgv(st, container(st.container), c), action: 'run a command in the container' };
      case 'command':
        return { ...base, argv: st.command.map(value), action: 'run a command on the host' };
      case 'remove':
        return { ...base, argv: driver.removeArgv([container(st.container)]), action: 'remove the container' };
    }
  }
}
