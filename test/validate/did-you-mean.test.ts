// The edit distance behind "did you mean": hand-computed pairs, and the limits of what is suggested.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { didYouMean, editDistance, suggestion } from '../../src/validate/did-you-mean.js';

describe('editDistance (Damerau–Levenshtein, optimal string alignment)', () => {
  it('counts inserts, deletes, substitutions and swaps of neighbours as one edit each', () => {
    assert.equal(editDistance('isolation', 'isolation'), 0);
    assert.equal(editDistance('isolaton', 'isolation'), 1); // delete
    assert.equal(editDistance('tops', 'top'), 1); // insert
    assert.equal(editDistance('proces', 'process'), 1);
    assert.equal(editDistance('kidn', 'kind'), 1); // swap
    assert.equal(editDistance('count', 'mount'), 1); // substitute
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('abc', ''), 3);
    assert.equal(editDistance('kitten', 'sitting'), 3);
  });

  it('is symmetric', () => {
    for (const [a, b] of [['ownedby', 'ownedBy'], ['hyprev', 'hyperv'], ['ab', 'ba']] as const) assert.equal(editDistance(a, b), editDistance(b, a));
  });
});

describe('didYouMean', () => {
  it('suggests the closest candidate, ignoring case', () => {
    assert.equal(didYouMean('isolaton', ['kind', 'image', 'isolation', 'runtime']), 'isolation');
    assert.equal(didYouMean('ownedby', ['present', 'ownedBy']), 'ownedBy');
    assert.equal(didYouMean('Image', ['image']), 'image');
    assert.equal(didYouMean('hyprev', ['process', 'hyperv', 'sandbox', 'default']), 'hyperv');
  });

  it('suggests nothing when no candidate is close, or for an exact match', () => {
    assert.equal(didYouMean('banana', ['kind', 'image', 'isolation']), undefined);
    assert.equal(didYouMean('xy', ['id']), undefined);
    assert.equal(didYouMean('image', ['image']), undefined);
    assert.equal(didYouMean('', ['a']), undefined);
  });

  it('formats the hint for messages', () => {
    assert.equal(suggestion('tops', ['run', 'top']), '; did you mean "top"?');
    assert.equal(suggestion('zzzzzz', ['run', 'top']), '');
  });
});
