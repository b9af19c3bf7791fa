// One handler per step kind, in a map typed over the step union: a new kind fails to compile
// until it has a handler here.
import type { StepKind } from '../../types.js';
import { commandStep } from './command.js';
import { execStep } from './exec.js';
import { hostProcessesStep } from './host-processes.js';
import { removeStep } from './remove.js';
import { runStep } from './run.js';
import { topStep } from './top.js';
import type { StepHandler } from './types.js';

export const STEP_HANDLERS: { [K in StepKind]: StepHandler<K> } = {
  run: runStep,
  top: topStep,
  'host-processes': hostProcessesStep,
  exec: execStep,
  command: commandStep,
  remove: removeStep,
};
