// Claims and known deviations. A claim's own url must be an https URL a browser can open (the
// schema checks the prefix; this parses it). A claim with no url and no source.url has no page to
// link to: a warning. knownDeviation must say why (not blank), and a step marked with it needs
// expectations: without any it can never deviate, only pass unexpectedly or error.
import type { Problem } from '../../errors.js';
import type { Rule } from './context.js';
import { problem, steps } from './context.js';

function httpsUrl(url: string): string | undefined {
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:') return `claim url must be an https URL, not ${u.protocol}`;
    if (u.hostname === '') return 'claim url has no host';
    return undefined;
  } catch {
    return `claim url "${url}" is not a URL a browser can open`;
  }
}

export const claims: Rule = {
  name: 'claims',
  check(ctx) {
    const out: Problem[] = [];
    const page = ctx.scenario.source?.url;
    for (const { step, path } of steps(ctx.scenario)) {
      const c = step.claim;
      if (c !== undefined) {
        const url = typeof c === 'string' ? undefined : c.url;
        const bad = url !== undefined ? httpsUrl(url) : undefined;
        if (bad !== undefined) out.push(problem(ctx, 'bad-claim-url', [...path, 'claim', 'url'], bad));
        const text = typeof c === 'string' ? c : c.text;
        if (text.trim() === '') out.push(problem(ctx, 'empty-claim', [...path, 'claim'], 'claim is blank: write the sentence of the page this step checks'));
        if (url === undefined && page === undefined) {
          out.push(problem(ctx, 'claim-without-link', [...path, 'claim'], 'this claim links nowhere: add source.url to the scenario, or write claim: { text, url }', { severity: 'warning', key: true }));
        }
      }
      const why = step.knownDeviation;
      if (why === undefined) continue;
      if (why.trim() === '') out.push(problem(ctx, 'empty-deviation', [...path, 'knownDeviation'], 'knownDeviation must say why the expectations fail here (e.g. "gVisor shows its own process view")'));
      if ((step.expect ?? []).length === 0) {
        out.push(problem(ctx, 'deviation-without-expectations', [...path, 'knownDeviation'], 'knownDeviation marks expectations known to fail, but this step has none: add the expectation the page makes, or remove knownDeviation', { key: true }));
      }
    }
    return out;
  },
};
