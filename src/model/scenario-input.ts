// A scenario as planning hands it to execution, and how a step is named in reports: shared by
// plan/ (which makes inputs) and execute/ (which runs them), so neither imports the other's types.
import type { Scenario, Step } from '../types.js';

export interface ScenarioInput {
  file: string;
  index: number;
  scenario: Scenario;
  /** Set when the scenario cannot run here: it is reported skipped with this reason. */
  skipReason?: string;
}

export function stepTitle(step: Step, index: number): string {
  return step.title ?? `${step.kind} ${step.id ?? `step ${index + 1}`}`;
}
