// claim:, source.quote, knownDeviation and onFailure in the format: accepted forms, and each
// rule's problem at its position. Samples: written here.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HEAD, problemsOf, single } from '../helpers.js';

const SOURCE = 'source:\n  url: https://gvisor.dev/docs/\n  quote: "gVisor is an application kernel."\n';
const exec = (extra: string, head = `${HEAD}${SOURCE}`): string =>
  `${head}steps:\n  - kind: run\n    id: a\n    image: img\n  - kind: exec\n    container: a\n    command: [dmesg]\n    expect: [{ output: { contains: Linux } }]\n${extra}`;

describe('claims and known deviations in the format', () => {
  it('accepts a string claim, a { text, url } claim with a text fragment, a reason and onFailure', () => {
    assert.deepEqual(problemsOf(exec('    claim: gVisor is an application kernel.\n    knownDeviation: gVisor shows its own log\n')), []);
    assert.deepEqual(problemsOf(exec('    claim: { text: "It is.", url: "https://gvisor.dev/docs/#:~:text=It%20is." }\n')), []);
    assert.deepEqual(problemsOf(`onFailure: continue\n${exec('')}`), []);
  });

  it('refuses a claim url that is not https, at the url', () => {
    const problems = problemsOf(exec('    claim: { text: "It is.", url: "http://gvisor.dev/docs/" }\n'));
    assert.ok(problems.length >= 1);
    assert.equal(problems[0]?.line, 14);
    assert.ok(problems.every((p) => p.severity === 'error'));
  });

  it('refuses a claim url a browser cannot open (schema prefix fine, URL parse fails)', () => {
    const p = single(problemsOf(exec('    claim: { text: "It is.", url: "https://[nope" }\n')), 'bad-claim-url');
    assert.match(p.message, /not a URL a browser can open/);
  });

  it('warns about a claim with no page to link to', () => {
    const p = single(problemsOf(exec('    claim: It is.\n', HEAD)), 'claim-without-link');
    assert.equal(p.severity, 'warning');
    assert.match(p.message, /add source\.url/);
  });

  it('knownDeviation must say why, and needs expectations', () => {
    let p = single(problemsOf(exec('    knownDeviation: "   "\n')), 'empty-deviation');
    assert.deepEqual([p.line, p.severity], [14, 'error']);
    assert.equal(problemsOf(exec('    knownDeviation: ""\n')).length >= 1, true, 'the schema refuses an empty string');
    p = single(problemsOf(`${HEAD}${SOURCE}steps:\n  - kind: command\n    command: ["true"]\n    knownDeviation: never fails\n`), 'deviation-without-expectations');
    assert.equal(p.line, 9);
  });

  it('onFailure is stop or continue', () => {
    const problems = problemsOf(`onFailure: keep-going\n${exec('')}`);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.line, 1);
    assert.match(problems[0]?.message ?? '', /stop|continue/);
  });

  it('source.quote must not be empty', () => {
    assert.equal(problemsOf(exec('', `${HEAD}source:\n  url: https://gvisor.dev/docs/\n  quote: ""\n`)).length, 1);
  });
});
