import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { renderJUnit } from '../../src/report/files/junit.js';
import type { RunResult } from '../../src/execute/results.js';
import { ENVIRONMENT_ERROR, FAILED, HYPERV_FILE, HYPERV_NAME, INTERRUPTED, NASTY, NASTY_NAME, PASSED, SANDBOX_FILE, SANDBOX_NAME } from '../fixtures/results/replayed.js';

const failedRun = (): RunResult => FAILED.result;
const short = (id: string): string => id.slice(0, 12);

interface Node {
  [k: string]: unknown;
}
interface Case extends Node {
  '@_name': string;
  '@_classname': string;
  '@_time': string;
  failure?: Node[];
  error?: Node[];
  skipped?: Node[];
  'system-out'?: Node[];
}
interface Suite extends Node {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  '@_errors': string;
  '@_skipped': string;
  properties: { property: Node[] }[];
  testcase: Case[];
}
interface Doc {
  testsuites: { '@_tests': string; '@_failures': string; '@_errors': string; '@_skipped': string; testsuite: Suite[] }[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  alwaysCreateTextNode: true,
  isArray: (name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute && name !== '#text',
});

function parse(result: RunResult): { xml: string; doc: Doc; suites: Suite[] } {
  const xml = renderJUnit(result);
  assert.equal(XMLValidator.validate(xml), true, 'well-formed XML');
  // Nothing XML 1.0 forbids (C0 controls other than tab/LF/CR, lone surrogates) may appear.
  // eslint-disable-next-line no-control-regex
  assert.doesNotMatch(xml, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/);
  // "]]>" may not appear raw in content (XML 1.0 §2.4); the report uses no CDATA sections.
  assert.ok(!xml.includes(']]>'), 'no raw ]]>');
  const doc = parser.parse(xml) as Doc;
  const suites = doc.testsuites[0]?.testsuite ?? [];
  return { xml, doc, suites };
}

const text = (n: Node | undefined): string => String(n?.['#text'] ?? '');
const property = (s: Suite, name: string): string | undefined => s.properties[0]?.property.find((p) => p['@_name'] === name)?.['@_value'] as string | undefined;

/** tests/failures/errors/skipped attributes agree with the testcases, per suite and in total. */
function assertCounts(doc: Doc, suites: Suite[]): void {
  const total = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const s of suites) {
    const n = {
      tests: s.testcase.length,
      failures: s.testcase.filter((c) => c.failure).length,
      errors: s.testcase.filter((c) => c.error).length,
      skipped: s.testcase.filter((c) => c.skipped).length,
    };
    assert.deepEqual({ tests: Number(s['@_tests']), failures: Number(s['@_failures']), errors: Number(s['@_errors']), skipped: Number(s['@_skipped']) }, n, s['@_name']);
    for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += n[k];
  }
  const top = doc.testsuites[0];
  assert.ok(top);
  assert.deepEqual({ tests: Number(top['@_tests']), failures: Number(top['@_failures']), errors: Number(top['@_errors']), skipped: Number(top['@_skipped']) }, total);
}

void describe('JUnit report', () => {
  void it('has one testsuite per scenario file and one testcase per step, named id: title, classname = scenario', () => {
    const { doc, suites } = parse(failedRun());
    assert.deepEqual(suites.map((s) => s['@_name']), [SANDBOX_FILE, HYPERV_FILE]);
    const sandbox = suites[0];
    assert.ok(sandbox);
    assert.equal(sandbox.testcase.length, 7);
    assert.equal(sandbox.testcase[1]?.['@_name'], 'proc-top: docker top lists ping');
    assert.ok(sandbox.testcase.every((c) => c['@_classname'] === SANDBOX_NAME));
    assert.equal(sandbox.testcase[1]?.['@_time'], ((FAILED.result.scenarios[0]?.steps[1]?.durationMs ?? NaN) / 1000).toFixed(3));
    assert.equal(property(sandbox, 'isocheck.scenario'), SANDBOX_NAME);
    assert.equal(property(sandbox, 'isocheck.run.status'), 'failed');
    assertCounts(doc, suites);
  });

  void it('reports a failed expectation as <failure> with the expected/found message', () => {
    const { suites } = parse(failedRun());
    const failed = suites[0]?.testcase[5];
    assert.ok(failed?.failure, 'failure element');
    const f = failed.failure[0];
    const w = FAILED.world;
    assert.ok(String(f?.['@_message']).startsWith(`expected no host process of container sbx (${short(w.runsc)}) named ping, for 150ms; found PID ${w.leakedPing} `));
    assert.match(text(f), /expected: no host process of container sbx/);
    assert.match(text(f), new RegExp(`found: PID ${w.leakedPing} /tmp/isocheck-replay-bin/ping 127\\.0\\.0\\.2 \\(owned by sbx ${short(w.runsc)}\\)`));
    assert.match(text(failed['system-out']?.[0]), new RegExp(`\\n${w.leakedPing} +\\d+ +ping +sbx ${short(w.runsc)} `), 'the process table is the step output');
    // steps after the failure were not run: skipped, with the engine's reason
    assert.equal(suites[0]?.testcase[6]?.skipped?.[0]?.['@_message'], 'not run: an earlier step did not pass');
  });

  void it('reports a scenario skipped before any step as one skipped testcase with the reason', () => {
    const { suites } = parse(failedRun());
    const win = suites[1];
    assert.ok(win);
    assert.equal(win.testcase.length, 1);
    assert.equal(win.testcase[0]?.['@_name'], HYPERV_NAME);
    assert.equal(win.testcase[0]?.skipped?.[0]?.['@_message'], 'requires a Windows host (this host is Linux); requires a Windows engine (this engine is Linux)');
    assert.equal(win['@_skipped'], '1');
  });

  void it('escapes <, &, ]]>, quotes and control characters in output and messages', () => {
    const { doc, suites } = parse(NASTY.result);
    const s = suites[0];
    assert.ok(s);
    assert.equal(s.testcase[0]?.['@_classname'], NASTY_NAME);
    const out = text(s.testcase[0]?.['system-out']?.[0]);
    assert.ok(out.includes('a < b && c > d\n<![CDATA[ x ]]> end'), out);
    assert.ok(out.includes('bell\\x01here'), 'control character made visible');
    assert.ok(out.includes('red\ttab "q" \'a\''), 'ANSI colour removed, tab kept');
    assert.match(String(s.testcase[0]?.failure?.[0]?.['@_message']), /^expected output that contains "\]\]> & <ok>"; found line 2 \(the closest of 3\): "<!\[CDATA\[ x \]\]> end"$/); // found: the closest line
    const err = suites[1]?.testcase[0]?.error?.[0];
    assert.equal(err?.['@_type'], 'command-failed');
    assert.match(String(err?.['@_message']), /^the command exited with code 1: a < b && c > d/);
    assertCounts(doc, suites);
  });

  void it('marks an interrupted run in a property and as errors on the steps that did not finish', () => {
    const { doc, suites } = parse(INTERRUPTED.result);
    const s = suites[0];
    assert.ok(s);
    assert.equal(property(s, 'isocheck.run.status'), 'interrupted');
    assert.equal(property(s, 'isocheck.interruptedBy'), 'SIGINT');
    assert.ok(s.testcase.slice(0, 5).every((c) => !c.error && !c.failure), 'finished steps stay as they were');
    assert.ok(s.testcase[5]?.failure ?? s.testcase[5]?.error, 'the step the signal cut short did not pass');
    assert.ok(s.testcase[6]?.error, `${s.testcase[6]?.['@_name']} is an error`);
    assert.equal(s.testcase[6]?.error?.[0]?.['@_type'], 'interrupted');
    const never = suites[1];
    assert.equal(never?.testcase.length, 1);
    assert.match(String(never?.testcase[0]?.error?.[0]?.['@_message']), /interrupted before it started/);
    assertCounts(doc, suites);
  });

  void it('reports an environment error as an error testcase, and a passed run with no failures', () => {
    const env = parse(ENVIRONMENT_ERROR.result);
    assert.match(String(env.suites[0]?.testcase[0]?.error?.[0]?.['@_message']), /Cannot connect to the Docker daemon/);
    const ok = parse(PASSED.result);
    assertCounts(ok.doc, ok.suites);
    assert.equal(ok.doc.testsuites[0]?.['@_failures'], '0');
    assert.equal(ok.doc.testsuites[0]?.['@_tests'], '7');
  });
});
