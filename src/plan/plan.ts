// From validated scenarios to runnable inputs: each scenario gets its skip reason (if any) for
// this host and engine. `isocheck plan` renders the same thing with the exact argv.
import type { ScenarioInput } from '../model/scenario-input.js';
import type { LoadedScenario } from '../validate/index.js';
import type { DetectedEngine } from './engine.js';
import { unmetRequirements, type HostFacts } from './requirements.js';

/** `display` turns a file path into the one reports show (relative to the working directory); `vars`: --var. */
export function planScenarios(loaded: readonly LoadedScenario[], host: HostFacts, engine: DetectedEngine | null, display: (file: string) => string = (f) => f, vars: Record<string, string> = {}): ScenarioInput[] {
  return loaded.map((l, index) => {
    const reasons = unmetRequirements(l.scenario, host, engine, vars);
    return { file: display(l.file), index, scenario: l.scenario, ...(reasons.length > 0 ? { skipReason: reasons.join('; ') } : {}) };
  });
}
