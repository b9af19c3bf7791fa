import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { block, escapedView, jsonText, line, oneLine } from '../../src/format/escape.js';

void describe('oneLine', () => {
  void it('shows every control escaped: C0 by name or \\xNN, DEL, C1 and bidi by code point', () => {
    assert.equal(oneLine('a\nb\rc\td'), 'a\\nb\\rc\\td');
    assert.equal(oneLine('\u001b[2J\u001b]0;t\u0007'), '\\x1b[2J\\x1b]0;t\\x07');
    assert.equal(oneLine('nul\u0000del\u007f'), 'nul\\x00del\\x7f');
    assert.equal(oneLine('\u009b31m\u0085'), '\\u009b31m\\u0085');
    assert.equal(oneLine('abc\u202eexe.txt\u2066\u200f\u061c'), 'abc\\u202eexe.txt\\u2066\\u200f\\u061c');
    assert.equal(oneLine('x\u2028y\u2029'), 'x\\u2028y\\u2029');
  });

  void it('escapes lone surrogates and keeps pairs (emoji), accents, CJK, RTL letters and backslashes', () => {
    assert.equal(oneLine('a\ud800b\udc00c'), 'a\\ud800b\\udc00c');
    assert.equal(oneLine('\ud83d\ude00 é 隔离 שלום C:\\Users'), '\ud83d\ude00 é 隔离 שלום C:\\Users');
    assert.equal(oneLine('x\ud83d'), 'x\\ud83d');
  });

  void it('is what the validator uses (errors.ts re-exports it)', async () => {
    const errors = await import('../../src/errors.js');
    assert.equal(errors.oneLine, oneLine);
  });
});

void describe('block', () => {
  void it('keeps newlines and tabs, reads CRLF as LF, removes ANSI colours, cursor moves and OSC strings', () => {
    assert.equal(block('a\r\nb\tc\n'), 'a\nb\tc\n');
    assert.equal(block('\u001b[31mred\u001b[0m \u001b[2K\u001b[1A'), 'red ');
    assert.equal(block('t\u001b]0;title\u0007 c\u001b]52;c;cHduZWQ=\u001b\\ e\u001b7\u001bc'), 't c e');
    assert.equal(block('\u009b2J\u009d0;x\u009cz'), 'z');
  });

  void it('escapes a lone CR, other controls, C1, bidi, unterminated sequences and lone surrogates', () => {
    assert.equal(block('ok\rFAKE'), 'ok\\rFAKE');
    assert.equal(block('bell\u0007 nul\u0000 \u0085'), 'bell\\x07 nul\\x00 \\u0085');
    assert.equal(block('\u001b]52;c;unterminated'), '\\x1b]52;c;unterminated');
    assert.equal(block('a\u202eb\ud800'), 'a\\u202eb\\ud800');
    assert.equal(block(block('x\u001b[2Jy\rz')), block('x\u001b[2Jy\rz'));
  });
});

void describe('jsonText', () => {
  void it('writes C1, bidi and separators as \\uXXXX and parses back to the same value', () => {
    const v = { s: 'a\u009bb\u202ec\u2028d\u007f\u001b\ud800', n: [1, 'é'] };
    const text = jsonText(v);
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e\u2028]|[\ud800-\udfff]/);
    assert.match(text, /\\u009b.*\\u202e.*\\u2028.*\\u007f.*\\u001b.*\\ud800/);
    assert.deepEqual(JSON.parse(text), v);
  });
});

void describe('escapedView and line', () => {
  void it('shows every string read at any depth escaped, and leaves numbers, booleans and keys alone', () => {
    const raw = { a: ['x\ny', 2, true, null], 'k\n': { b: '\u001b' }, r: { 'c\n': 'v\r' } };
    const v = escapedView(raw);
    assert.deepEqual(v, { a: ['x\\ny', 2, true, null], 'k\n': { b: '\\x1b' }, r: { 'c\n': 'v\\r' } });
    assert.deepEqual(v.a.map((x) => x), ['x\\ny', 2, true, null]);
    assert.deepEqual([...v.a], ['x\\ny', 2, true, null]);
    assert.deepEqual(Object.entries(v.r), [['c\n', 'v\\r']]);
    assert.deepEqual(JSON.parse(JSON.stringify(v)), JSON.parse(JSON.stringify({ a: ['x\\ny', 2, true, null], 'k\n': { b: '\\x1b' }, r: { 'c\n': 'v\\r' } })));
    assert.equal(v.r, v.r, 'a nested view keeps its identity');
    assert.equal(raw.a[0], 'x\ny', 'the value itself is not changed');
    assert.throws(() => {
      'use strict';
      (v as { a: unknown[] }).a = [];
    }, TypeError);
  });

  void it('escapes interpolated values and keeps the template text', () => {
    assert.equal(line`name: ${'a\nb'}\n  n=${3}`, 'name: a\\nb\n  n=3');
  });
});
