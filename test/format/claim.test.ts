// Claim links: text fragments (https://wicg.github.io/scroll-to-text-fragment/) for a bare claim,
// the claim's own url kept as written.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { linkToText, resolveClaim, sourceLink, textFragment } from '../../src/format/claim.js';

describe('claim links', () => {
  it('encodes the text directive\'s own syntax (- , &) and spaces, and folds whitespace', () => {
    assert.equal(textFragment('a-b, c & d'), 'a%2Db%2C%20c%20%26%20d');
    assert.equal(textFragment('  two\n lines '), 'two%20lines');
  });

  it('puts the directive after the page\'s fragment, or starts one', () => {
    assert.equal(linkToText('https://x.org/p', 'hi'), 'https://x.org/p#:~:text=hi');
    assert.equal(linkToText('https://x.org/p#sec', 'hi'), 'https://x.org/p#sec:~:text=hi');
    assert.equal(linkToText('https://x.org/p#:~:text=old', 'hi'), 'https://x.org/p#:~:text=hi', 'an old directive is replaced');
  });

  it('a bare claim links to source.url (with its section); { text, url } keeps its url; no page, no link', () => {
    const src = { url: 'https://docs.docker.com/engine/security/', section: 'kernel-namespaces' };
    assert.equal(sourceLink(src), 'https://docs.docker.com/engine/security/#kernel-namespaces');
    assert.deepEqual(resolveClaim('Each container gets its own.', src), { text: 'Each container gets its own.', url: 'https://docs.docker.com/engine/security/#kernel-namespaces:~:text=Each%20container%20gets%20its%20own.' });
    assert.deepEqual(resolveClaim({ text: 't', url: 'https://a.org/#:~:text=t' }, src), { text: 't', url: 'https://a.org/#:~:text=t' });
    assert.deepEqual(resolveClaim({ text: 't' }, undefined), { text: 't' });
    assert.equal(resolveClaim(undefined, src), undefined);
  });
});
