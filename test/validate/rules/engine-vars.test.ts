// Mapped vars and ${engine.*} values at validation time: known engine names pass everywhere a
// reference can be; a mapped var's `from` may use nothing else (it is resolved before any step).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HEAD, problemsOf, single } from '../helpers.js';

const scenario = (vars: string, image = 'mcr.microsoft.com/windows/nanoserver:${tag}'): string =>
  `${HEAD}vars:\n${vars}\nsteps:\n  - { id: c, kind: run, image: "${image}" }\n`;

test('a mapped var from ${engine.windowsBuild} and ${engine.*} in a step are valid', () => {
  assert.deepEqual(problemsOf(scenario('  tag:\n    from: "${engine.windowsBuild}"\n    map: { "17763": ltsc2019 }')), []);
  assert.deepEqual(problemsOf(scenario('  x: y', 'img:${engine.os}')), []);
});

test('an unknown engine fact in from is an error at its position, with a did-you-mean', () => {
  const p = single(problemsOf(scenario('  tag:\n    from: "${engine.windowsBiuld}"\n    map: { "17763": ltsc2019 }')), 'unknown-reference');
  assert.match(p.message, /vars\.tag\.from can only use engine values .*"\$\{engine\.windowsBiuld\}" is not one; did you mean "engine\.windowsBuild"/);
  assert.equal(p.line, 5);
});

test('a var or a capture in from is refused: from is resolved before any step', () => {
  single(problemsOf(scenario('  base: x\n  tag:\n    from: "${base}"\n    map: { x: y }')), 'unknown-reference');
  single(problemsOf(scenario('  tag:\n    from: "17763"\n    map: { "17763": y }')), 'bad-reference');
});

test('an unknown ${engine.*} in a step is still an error (only the listed facts exist)', () => {
  const p = single(problemsOf(scenario('  x: y', 'img:${engine.hostname}')), 'bad-reference');
  assert.match(p.message, /engine\.hostname/);
});

test('the schema refuses a mapped var without map, or with a non-string value', () => {
  assert.ok(problemsOf(scenario('  tag:\n    from: "${engine.os}"')).length > 0);
  assert.ok(problemsOf(scenario('  tag:\n    from: "${engine.os}"\n    map: { windows: 3 }')).length > 0);
  assert.ok(problemsOf(`${HEAD}steps:\n  - { kind: run, image: x, pull: sometimes }\n`).some((p) => p.code === 'bad-value'));
});
