// What run:start announced: each scenario's planned steps, so reporters can say `[2/9]` and
// list steps before they run. Step indexes are taken as given; the first planned index (0 or 1)
// tells how to turn them into 1-based positions.
import type { RunEvent, ScenarioRef } from '../../execute/events.js';
import type { StepKind } from '../../types.js';

export interface PlannedStep {
  index: number;
  title: string;
  kind: StepKind;
}

export interface PlannedScenario extends ScenarioRef {
  steps: PlannedStep[];
}

type RunStart = Extract<RunEvent, { type: 'run:start' }>;

export class RunPlan {
  readonly scenarios: PlannedScenario[] = [];
  private readonly byKey = new Map<string, PlannedScenario>();

  load(e: RunStart): void {
    for (const s of e.scenarios) {
      const planned: PlannedScenario = { key: s.key, file: s.file, name: s.name, steps: [...s.steps] };
      this.scenarios.push(planned);
      this.byKey.set(s.key, planned);
    }
  }

  get(key: string): PlannedScenario | undefined {
    return this.byKey.get(key);
  }

  /** 1-based position of a step and the number of planned steps (undefined when not planned). */
  position(key: string, index: number): { position: number; total: number | undefined } {
    const s = this.byKey.get(key);
    if (!s || s.steps.length === 0) return { position: index + 1, total: undefined };
    const base = Math.min(...s.steps.map((st) => st.index));
    const at = s.steps.findIndex((st) => st.index === index);
    return { position: at >= 0 ? at + 1 : index - base + 1, total: s.steps.length };
  }
}
