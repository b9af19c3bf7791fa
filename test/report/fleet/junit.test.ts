// The fleet JUnit report, parsed back: one testsuite per target × scenario named "target /
// scenario", the target in its properties, the single-target testcases, an error for an
// unreachable target's suites, and sums over all of them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { FleetResult } from '../../../src/execute/fleet-result.js';
import { renderJUnit } from '../../../src/report/files/junit.js';
import { renderFleetJUnit } from '../../../src/report/fleet/junit.js';
import { HYPERV_NAME, SANDBOX_NAME } from '../../fixtures/results/replayed.js';
import { hostile } from '../../helpers/hostile-text.js';
import { ENGINE_ERROR, mixedFleet } from './fleets.js';

/** A parsed element: attributes as `@_name`, every child element as an array. */
type El = { [k: string]: El[] | string };

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, parseAttributeValue: false, isArray: (_n: string, _p: unknown, _l: boolean, isAttr: boolean) => !isAttr });
const kids = (e: El | undefined, tag: string): El[] => (Array.isArray(e?.[tag]) ? e[tag] : []);
const at = (e: El | undefined, name: string): string => {
  const v = e?.[`@_${name}`];
  return typeof v === 'string' ? v : '';
};

function parse(xml: string): { root: El; suites: El[] } {
  assert.equal(XMLValidator.validate(xml), true, 'well-formed XML');
  // eslint-disable-next-line no-control-regex
  assert.doesNotMatch(xml, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/);
  const root = kids(parser.parse(xml) as El, 'testsuites')[0];
  assert.ok(root);
  return { root, suites: kids(root, 'testsuite') };
}

const props = (s: El | undefined): Record<string, string> => Object.fromEntries(kids(kids(s, 'properties')[0], 'property').map((p) => [at(p, 'name'), at(p, 'value')]));
const cases = (s: El | undefined): El[] => kids(s, 'testcase');
const COUNTS = ['tests', 'failures', 'errors', 'skipped'];

void describe('fleet JUnit report', () => {
  const fleet: FleetResult = mixedFleet();
  const { root, suites } = parse(renderFleetJUnit(fleet));

  void it('has one testsuite per target × scenario, named "target / scenario"', () => {
    const names = ['local', 'second', 'edge'].flatMap((t) => [SANDBOX_NAME, HYPERV_NAME].map((s) => `${t} / ${s}`));
    assert.deepEqual(suites.map((s) => at(s, 'name')), names);
    for (const s of suites) for (const c of cases(s)) assert.equal(at(c, 'classname'), at(s, 'name'), 'a step of two targets is two tests');
  });

  void it('names the target in the properties: name, kind, endpoint, locality, tags', () => {
    const second = props(suites[2]);
    assert.equal(second['isocheck.target'], 'second');
    assert.equal(second['isocheck.target.kind'], 'docker');
    assert.equal(second['isocheck.target.endpoint'], 'unix:///run/isocheck-e2/docker.sock');
    assert.equal(second['isocheck.target.locality'], 'remote');
    assert.equal(second['isocheck.target.tags'], 'e2,lab');
    assert.equal(second['isocheck.scenario'], SANDBOX_NAME, 'the single-target properties stay');
    assert.equal(props(suites[0])['isocheck.target.locality'], 'local');
    assert.equal(props(suites[0])['isocheck.target.tags'], undefined, 'no tags: no property');
  });

  void it('has the single-target testcases of each target\'s run', () => {
    const shape = (s: El | undefined): unknown[] => [...COUNTS.map((k) => at(s, k)), ...cases(s).map((c) => [at(c, 'name'), Object.keys(c).filter((k) => !k.startsWith('@_')).sort()])];
    for (const [i, t] of fleet.targets.entries()) {
      if (t.result.status === 'environment-error') continue;
      parse(renderJUnit(t.result)).suites.forEach((single, k) => assert.deepEqual(shape(suites[i * 2 + k]), shape(single)));
    }
    assert.equal(cases(suites[0]).filter((c) => kids(c, 'failure').length > 0).length, 1, 'the reference scenario fails at one step on local');
  });

  void it('gives each suite of an unreachable target an error saying why', () => {
    const edge = suites.slice(4);
    assert.equal(edge.length, 2);
    for (const s of edge) {
      assert.equal(at(s, 'errors'), '1');
      assert.equal(cases(s).length, 1);
      const message = at(kids(cases(s)[0], 'error')[0], 'message');
      assert.ok(message.includes(ENGINE_ERROR), message);
      assert.equal(props(s)['isocheck.target.endpoint'], 'ssh://edge.example');
      assert.equal(props(s)['isocheck.target.engineError'], ENGINE_ERROR);
      assert.equal(props(s)['isocheck.run.status'], 'environment-error');
    }
  });

  void it('sums every suite in <testsuites>', () => {
    const sums = COUNTS.map((k) => suites.reduce((t, s) => t + Number(at(s, k)), 0));
    assert.deepEqual(COUNTS.map((k) => Number(at(root, k))), sums);
    assert.ok((sums[2] ?? 0) >= 2 && (sums[1] ?? 0) >= 1, 'errors and failures are counted');
  });

  void it('stays well-formed with hostile target and scenario names', () => {
    const h = parse(renderFleetJUnit(hostile(mixedFleet())));
    assert.equal(h.suites.length, 6);
    assert.ok(h.suites.every((s) => at(s, 'name').includes(' / ') && !at(s, 'name').includes('\n')));
    assert.ok(props(h.suites[0])['isocheck.target']?.includes('\\x1b[2J'));
  });
});
