// The shape of one expectation beyond what the schema says: one assertion each, not both waited
// for and held, and count bounds that some number can satisfy.
import type { Problem } from '../../errors.js';
import type { JsonPath } from '../../load/locate.js';
import type { CountBounds } from '../../types.js';
import type { Rule, RuleContext } from './context.js';
import { assertionKeys, expectations, problem } from './context.js';

export const oneAssertion: Rule = {
  name: 'one-assertion',
  check(ctx) {
    const out: Problem[] = [];
    for (const { e, path } of expectations(ctx.scenario)) {
      const keys = assertionKeys(e);
      const second = keys[1];
      if (second === undefined) continue;
      const message = `an expectation holds one assertion, this one has ${keys.map((k) => `"${k}"`).join(' and ')}: make each a list item of its own`;
      out.push(problem(ctx, 'one-assertion', [...path, second], message, { key: true }));
    }
    return out;
  },
};

export const eventuallyAndFor: Rule = {
  name: 'eventually-and-for',
  check(ctx) {
    const out: Problem[] = [];
    for (const { e, path } of expectations(ctx.scenario)) {
      if (e.eventually === undefined || e.for === undefined) continue;
      const message = '"eventually" and "for" cannot be combined: wait until it holds (eventually) or require that it keeps holding (for)';
      out.push(problem(ctx, 'eventually-and-for', [...path, 'for'], message, { key: true }));
    }
    return out;
  },
};

function boundsProblems(ctx: RuleContext, b: CountBounds, at: JsonPath): Problem[] {
  const out: Problem[] = [];
  if (b.equals !== undefined && (b.atLeast !== undefined || b.atMost !== undefined)) {
    const other = b.atLeast !== undefined ? 'atLeast' : 'atMost';
    out.push(problem(ctx, 'bad-bounds', [...at, other], `"equals" cannot be combined with "${other}": give either an exact number or bounds`, { key: true }));
  }
  if (b.atLeast !== undefined && b.atMost !== undefined && b.atLeast > b.atMost) {
    out.push(problem(ctx, 'bad-bounds', [...at, 'atMost'], `atLeast (${b.atLeast}) is greater than atMost (${b.atMost}): no number is both`, { key: true }));
  }
  return out;
}

export const bounds: Rule = {
  name: 'bad-bounds',
  check(ctx) {
    const out: Problem[] = [];
    for (const { e, path } of expectations(ctx.scenario)) {
      if ('count' in e && typeof e.count === 'object') out.push(...boundsProblems(ctx, e.count, [...path, 'count']));
      if ('countChange' in e) out.push(...boundsProblems(ctx, e.countChange, [...path, 'countChange']));
    }
    return out;
  },
};
