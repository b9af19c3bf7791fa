// Captures: values from a step's result put into named variables for later steps.
import type { ScenarioRegex } from '../format/regex.js';
import type { Capture, Step } from '../types.js';
import type { Observation, ScenarioContext } from './context.js';
import { stepRegex } from './pattern.js';
import { StepCommandError } from './steps/types.js';

function captureOne(name: string, c: Capture, obs: Observation, values: ReadonlyMap<string, string>): string {
  if (typeof c === 'object') {
    const text = c.from === 'stderr' ? obs.stderr : obs.stdout;
    // bad-regex / regex-too-costly / unknown-value are step errors of their own (StepInputError).
    const re: ScenarioRegex = stepRegex(`capture ${name} regex`, c.regex, values, { multiline: true });
    const m = re.exec(text);
    if (m === null) throw new StepCommandError('capture-failed', `cannot capture ${name}: /${re.source}/ does not match the ${c.from ?? 'stdout'}`);
    const group = c.group ?? (m.length > 1 ? 1 : 0);
    const v = m[group];
    if (v === undefined) throw new StepCommandError('capture-failed', `cannot capture ${name}: group ${group} of /${re.source}/ did not match`);
    return v;
  }
  const ps = obs.processes ?? [];
  switch (c) {
    case 'id':
    case 'name':
      if (!obs.container) throw new StepCommandError('capture-failed', `cannot capture ${name}: no container was started`);
      return c === 'id' ? obs.container.id : obs.container.name;
    case 'pid': {
      const first = ps[0];
      if (first === undefined) throw new StepCommandError('capture-failed', `cannot capture ${name}: no process was selected`);
      return String(first.pid);
    }
    case 'pids':
      return ps.map((p) => p.pid).join(' ');
    case 'count':
      return String(ps.length);
    case 'stdout':
      return obs.stdout.trim();
    case 'exitCode':
      return String(obs.exitCode ?? '');
  }
}

export function takeCaptures(step: Step, obs: Observation, s: ScenarioContext): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, c] of Object.entries(step.capture ?? {})) {
    const v = captureOne(name, c, obs, s.values);
    out[name] = v;
    s.values.set(name, v);
  }
  return out;
}
