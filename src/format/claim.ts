// A step's claim (the page's sentence it checks) and the link to it. A claim with its own url keeps
// it; a bare sentence links to the scenario's page with a URL text fragment (#:~:text=…), which
// browsers scroll to and highlight. The text directive's own syntax characters (- , &) are
// percent-encoded along with everything encodeURIComponent encodes, so the sentence is one term.
import type { Claim, Source } from '../types.js';

export interface ResolvedClaim {
  text: string;
  /** Where the page says it; absent when the scenario names no page. */
  url?: string;
}

/** The value of a `text=` directive for this sentence. */
export function textFragment(text: string): string {
  return encodeURIComponent(text.replace(/\s+/g, ' ').trim()).replace(/[-,&!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** The page's address with its section, as the reports link to it. */
export function sourceLink(src: Pick<Source, 'url' | 'section'>): string {
  return src.section && !src.url.includes('#') ? `${src.url}#${src.section}` : src.url;
}

/** A link to `text` on the page: the page's fragment (if any) is kept, the text directive follows it. */
export function linkToText(page: string, text: string): string {
  const base = page.replace(/:~:.*$/, '');
  return `${base}${base.includes('#') ? '' : '#'}:~:text=${textFragment(text)}`;
}

export function resolveClaim(claim: Claim | undefined, source: Source | undefined): ResolvedClaim | undefined {
  if (claim === undefined) return undefined;
  const c = typeof claim === 'string' ? { text: claim } : claim;
  if (c.url !== undefined) return { text: c.text, url: c.url };
  return source ? { text: c.text, url: linkToText(sourceLink(source), c.text) } : { text: c.text };
}
