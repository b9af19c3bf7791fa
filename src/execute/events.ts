// The event stream the engine emits while it runs. Reporters subscribe; they never change what runs.
import type { CommandRecord, EnvironmentFingerprint, RunResult, ScenarioResult, StepResult } from './results.js';
import type { StepKind } from '../types.js';

export interface ScenarioRef {
  /** Unique within a run: the file path (scenario files hold one scenario each). */
  key: string;
  file: string;
  name: string;
}

export type RunEvent =
  | { type: 'run:start'; runId: string; environment: EnvironmentFingerprint; scenarios: (ScenarioRef & { steps: { index: number; title: string; kind: StepKind }[] })[] }
  | { type: 'scenario:start'; scenario: ScenarioRef }
  | { type: 'scenario:skip'; scenario: ScenarioRef; reason: string }
  | { type: 'step:start'; scenario: ScenarioRef; index: number; title: string; kind: StepKind }
  | { type: 'step:command'; scenario: ScenarioRef; index: number; command: CommandRecord }
  | { type: 'step:progress'; scenario: ScenarioRef; index: number; message: string }
  | { type: 'step:end'; scenario: ScenarioRef; result: StepResult }
  | { type: 'scenario:cleanup'; scenario: ScenarioRef; removed: string[]; errors: string[] }
  | { type: 'scenario:end'; scenario: ScenarioRef; result: ScenarioResult }
  | { type: 'pull:start'; image: string }
  | { type: 'pull:end'; image: string; ok: boolean; durationMs: number; message?: string }
  | { type: 'run:interrupt'; signal: string }
  | { type: 'run:end'; result: RunResult };

export type RunEventListener = (event: RunEvent) => void;
