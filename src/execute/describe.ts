// Words for what a step selects and what it found, used in expected/found messages.
import type { ProcessInfo } from '../model/process.js';
import type { ProcessMatch } from '../types.js';
import { shortId, type ScenarioContext } from './context.js';

export function containerLabel(ctx: ScenarioContext, stepId: string): string {
  const c = ctx.containers.get(stepId);
  return c ? `${stepId} (${shortId(c.id)})` : stepId;
}

/** e.g. "host process of container sbx (3f2a…) named ping". */
export function describeSelection(ctx: ScenarioContext, where: 'host' | 'container', match: ProcessMatch | undefined, value: (s: string) => string): string {
  const parts = [where === 'host' ? 'host process' : 'process in the container\'s table'];
  if (match?.container !== undefined) parts.push(`of container ${containerLabel(ctx, match.container)}`);
  if (match?.name !== undefined) parts.push(`named ${value(match.name)}`);
  if (match?.pid !== undefined) parts.push(`with PID ${value(String(match.pid))}`);
  if (match?.pattern !== undefined) parts.push(`matching /${value(match.pattern)}/`);
  return parts.join(' ');
}

export function describeProcess(ctx: ScenarioContext, p: ProcessInfo): string {
  let owner = '';
  if (p.container !== undefined) {
    const step = [...ctx.containers.values()].find((c) => c.id === p.container);
    owner = ` (owned by ${step ? `${step.stepId} ` : ''}${shortId(p.container)})`;
  }
  const cmd = p.cmdline && p.cmdline !== p.name ? p.cmdline : p.name;
  return `PID ${p.pid} ${cmd.length > 100 ? `${cmd.slice(0, 97)}...` : cmd}${owner}`;
}

export function describeProcesses(ctx: ScenarioContext, ps: readonly ProcessInfo[], max = 5): string {
  if (ps.length === 0) return 'none';
  const shown = ps.slice(0, max).map((p) => describeProcess(ctx, p));
  return shown.join('; ') + (ps.length > max ? `; and ${ps.length - max} more` : '');
}
