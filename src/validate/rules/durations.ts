// Every duration must fit a timer (setTimeout silently fires after 1 ms above 2^31-1 ms), and a
// timeout must be above 0, as for --timeout: `timeout: 0` would end a step before it starts.
import type { Problem } from '../../errors.js';
import { durationLimit, parseDuration } from '../../format/duration.js';
import type { Duration } from '../../types.js';
import type { JsonPath } from '../../load/locate.js';
import type { Rule, RuleContext } from './context.js';
import { expectations, problem, steps } from './context.js';

function check(ctx: RuleContext, out: Problem[], path: JsonPath, d: Duration | undefined, positive: boolean): void {
  if (d === undefined) return;
  const ms = parseDuration(d);
  const why = ms === undefined ? undefined : durationLimit(ms, positive);
  if (why !== undefined) out.push(problem(ctx, 'bad-duration', path, `"${String(path.at(-1))}" ${JSON.stringify(d)} ${why}`));
}

export const durations: Rule = {
  name: 'bad-duration',
  check(ctx) {
    const out: Problem[] = [];
    check(ctx, out, ['timeout'], ctx.scenario.timeout, true);
    check(ctx, out, ['stepTimeout'], ctx.scenario.stepTimeout, true);
    for (const { step, path } of steps(ctx.scenario)) check(ctx, out, [...path, 'timeout'], step.timeout, true);
    for (const { e, path } of expectations(ctx.scenario)) {
      check(ctx, out, [...path, 'eventually'], e.eventually, false);
      check(ctx, out, [...path, 'for'], e.for, false);
    }
    return out;
  },
};
