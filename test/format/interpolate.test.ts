import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findReferences, interpolate, interpolatedSize, REFERENCE_NAME, VALUE_LIMITS } from '../../src/format/interpolate.js';

const vars = (o: Record<string, string>) => (name: string): string | undefined => (Object.hasOwn(o, name) ? o[name] : undefined);

void describe('findReferences', () => {
  void it('finds each ${name} with its offsets', () => {
    const text = 'ping ${host} -c ${n}';
    const refs = findReferences(text);
    assert.deepEqual(refs.map((r) => r.name), ['host', 'n']);
    for (const r of refs) assert.equal(text.slice(r.start, r.end), `\${${r.name}}`);
  });

  void it('finds step references like ${sbx.id} and ${proc-top.name}', () => {
    assert.deepEqual(findReferences('${sbx.id}/${proc-top.name}').map((r) => r.name), ['sbx.id', 'proc-top.name']);
  });

  void it('skips the $${ escape', () => {
    assert.deepEqual(findReferences('$${literal} and ${real}').map((r) => r.name), ['real']);
    assert.deepEqual(findReferences('$${a}'), []);
  });

  void it('trims spaces in the name and reports an empty name', () => {
    assert.deepEqual(findReferences('${ a }').map((r) => r.name), ['a']);
    assert.deepEqual(findReferences('${}').map((r) => r.name), ['']);
  });

  void it('ignores an unterminated ${ and plain $', () => {
    assert.deepEqual(findReferences('cost $5 and ${open'), []);
  });
});

void describe('REFERENCE_NAME', () => {
  void it('accepts var names and <step>.id / <step>.name / <step>.pid only', () => {
    for (const ok of ['image', '_x', 'procPid', 'sbx.id', 'proc-top.name', 'sbx.pid']) assert.match(ok, REFERENCE_NAME);
    for (const bad of ['', '1x', 'a.b', 'sbx.pids', 'a b', 'x-y', '$(x)', 'a.id.id', 'a.pid.pid']) assert.doesNotMatch(bad, REFERENCE_NAME);
  });
});

void describe('interpolate', () => {
  void it('substitutes known names', () => {
    const r = interpolate('ping ${host} -c ${n}', vars({ host: '127.0.0.1', n: '3' }));
    assert.deepEqual(r, { value: 'ping 127.0.0.1 -c 3', missing: [] });
  });

  void it('substitutes step references', () => {
    const id = 'f'.repeat(64);
    assert.equal(interpolate('${sbx.id}', vars({ 'sbx.id': id })).value, id);
  });

  void it('turns $${ into a literal ${ and does not look the name up', () => {
    const looked: string[] = [];
    const r = interpolate('echo $${HOME} ${x}', (n) => {
      looked.push(n);
      return 'X';
    });
    assert.equal(r.value, 'echo ${HOME} X');
    assert.deepEqual(looked, ['x']);
    assert.deepEqual(r.missing, []);
  });

  void it('reports every missing name and leaves the reference in place', () => {
    const r = interpolate('${a}-${b}-${c}', vars({ b: 'B' }));
    assert.equal(r.value, '${a}-B-${c}');
    assert.deepEqual(r.missing, ['a', 'c']);
  });

  void it('does not re-interpolate a value that itself contains ${...}', () => {
    const r = interpolate('${evil}', vars({ evil: '${secret} $${x}', secret: 'LEAKED' }));
    assert.equal(r.value, '${secret} $${x}');
    assert.deepEqual(r.missing, []);
  });

  void it('inserts values with $ patterns literally (no $& or $1 replacement semantics)', () => {
    const r = interpolate('<${v}>', vars({ v: "$& $1 $$ $` $'" }));
    assert.equal(r.value, "<$& $1 $$ $` $'>");
  });

  void it('keeps hostile values as text: no splitting, no quoting', () => {
    const hostile = '; rm -rf / $(id) `id`\n--privileged';
    assert.equal(interpolate('x${h}y', vars({ h: hostile })).value, `x${hostile}y`);
  });

  void it('leaves text without references unchanged', () => {
    assert.deepEqual(interpolate('plain $ text {x} $x', vars({})), { value: 'plain $ text {x} $x', missing: [] });
  });
});

void describe('interpolation into patterns and its limits', () => {
  void it('quotes plain references and inserts ${re:name} as is', () => {
    const q = (v: string): string => `<${v}>`;
    assert.equal(interpolate('${a}|${re:a}|${ re:a }', vars({ a: 'x' }), { quote: q }).value, '<x>|x|x');
    assert.deepEqual(findReferences('${re:a} ${re:sbx.id}').map((r) => [r.name, r.raw]), [['a', true], ['sbx.id', true]]);
    assert.deepEqual(findReferences('${a}').map((r) => r.raw), [false]);
  });

  void it('stops building a result over the limit (a 100 kB value used many times)', () => {
    const big = 'x'.repeat(100_000);
    const r = interpolate('${b}'.repeat(20_000), vars({ b: big }));
    assert.equal(r.tooLarge, true);
    assert.ok(r.value.length <= VALUE_LIMITS.element, String(r.value.length));
    assert.equal(interpolate('${b}', vars({ b: big })).tooLarge, undefined);
    // Measured in UTF-8 bytes: 50,000 "é" are 100,000 bytes, 3 of them over 128 KiB.
    assert.equal(interpolate('${b}${b}', vars({ b: 'é'.repeat(50_000) })).tooLarge, true);
    assert.equal(interpolate('${b}', vars({ b: 'x'.repeat(20) }), { max: 10, chars: true }).tooLarge, true);
  });

  void it('interpolatedSize measures without building, in bytes', () => {
    const size = (n: string): number | undefined => (n === 'b' ? 100_000 : undefined);
    assert.equal(interpolatedSize('${b}'.repeat(10_000), size), 1_000_000_000);
    assert.equal(interpolatedSize('é-${unknown}-$${', size), 2 + 1 + 1 + 2);
  });
});
