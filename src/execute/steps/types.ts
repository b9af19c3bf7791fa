import type { StepKind, StepOf } from '../../types.js';
import type { Observation, StepRun } from '../context.js';

export interface StepHandler<K extends StepKind> {
  /** Whether observe() may be called again to poll for eventually/for. Starting a container is not. */
  repeatable: boolean;
  /** Look at the step's subject once. Throws StepInputError/StepCommandError for step errors. */
  observe(step: StepOf<K>, run: StepRun): Promise<Observation>;
}

/** A command the step needs did not work (as opposed to an expectation that did not hold). */
export class StepCommandError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export function firstLine(s: string): string {
  return s.trim().split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
}
