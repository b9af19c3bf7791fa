// From a JSON path to file:line:col. Sample: an inline scenario with block and flow mappings, a
// key without value, a quoted string holding ${x}, and an alias.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml } from '../../src/load/parse.js';

const TEXT = [
  'name: x', //                               1
  'steps:', //                                2
  '  - kind: run', //                         3
  '    image: "pre-${img}"', //               4
  '    env: { A: b }', //                     5
  '    title:', //                            6
  'anchors: &list [a, b]', //                 7
  'copy: *list', //                           8
  '',
].join('\n');

const { parsed } = parseYaml('t.yaml', TEXT);
assert.ok(parsed);
const loc = parsed.locator;
const at = (p: { line: number; col: number }): [number, number] => [p.line, p.col];

describe('locator', () => {
  it('finds values in block and flow mappings and in lists', () => {
    assert.deepEqual(at(loc.at([])), [1, 1]);
    assert.deepEqual(at(loc.at(['steps', 0])), [3, 5]);
    assert.deepEqual(at(loc.at(['steps', 0, 'image'])), [4, 12]);
    assert.deepEqual(at(loc.at(['steps', 0, 'env', 'A'])), [5, 15]);
    assert.deepEqual(at(loc.at(['anchors', 1])), [7, 20]);
  });

  it('finds keys, for unknown-key problems', () => {
    assert.deepEqual(at(loc.keyAt(['steps', 0, 'env'])), [5, 5]);
    assert.deepEqual(at(loc.keyAt(['steps', 0, 'env', 'A'])), [5, 12]);
  });

  it('points at the key of a key without a value', () => {
    assert.deepEqual(at(loc.at(['steps', 0, 'title'])), [6, 5]);
  });

  it('finds text inside a value, and falls back to the value', () => {
    assert.deepEqual(at(loc.textAt(['steps', 0, 'image'], '${img}')), [4, 17]);
    assert.deepEqual(at(loc.textAt(['steps', 0, 'image'], 'absent')), [4, 12]);
  });

  it('stops at an alias (where the user wrote it) and at the deepest existing node', () => {
    assert.deepEqual(at(loc.at(['copy', 1])), [8, 7]);
    assert.deepEqual(at(loc.at(['steps', 0, 'nope', 'deeper'])), [3, 5]);
    assert.deepEqual(at(loc.at(['steps', 9])), [3, 3]);
  });

  it('clamps offsets into the text', () => {
    assert.deepEqual(at(loc.offset(-5)), [1, 1]);
    assert.equal(loc.offset(1e9).line, TEXT.split('\n').length);
  });
});
