// A fleet run through the real CLI (bin/isocheck.js as a child process) over two targets that are
// both unreachable: through `--context` (contexts that do not exist, in an empty docker config) and
// through a fleet file (sockets that do not exist). No engine is needed: each target is its own
// environment error, the run exits 3, and the terminal matrix and all three report files say why.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { FleetResult } from '../../src/execute/fleet-result.js';
import { runCli, type CliRun } from '../helpers/cli.js';
import { tempFolder } from '../helpers/special-files.js';

let dir: string;
let scenario: string;
before(() => {
  dir = tempFolder('fleet-report');
  scenario = path.join(dir, 'trivial.yaml');
  fs.writeFileSync(scenario, 'name: trivial\ndescription: one host command\nsteps:\n  - { id: t, kind: command, command: ["true"] }\n');
  fs.mkdirSync(path.join(dir, 'docker-config'));
  fs.writeFileSync(path.join(dir, 'fleet.yaml'), 'targets:\n  - name: a\n    host: unix:///nonexistent/a.sock\n    tags: [lab]\n  - name: b\n    engine: docker\n    host: unix:///nonexistent/b.sock\n');
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Reports {
  run: CliRun;
  json: FleetResult;
  xml: string;
  md: string;
}

function fleetRun(targets: string[], tag: string): Reports {
  const out = (ext: string): string => path.join(dir, `${tag}.${ext}`);
  // An empty docker config: no context exists, whatever the machine running the test has.
  const run = runCli(['run', scenario, ...targets, '--json', out('json'), '--junit', out('xml'), '--markdown', out('md')], { cwd: dir, env: { DOCKER_CONFIG: path.join(dir, 'docker-config'), DOCKER_HOST: '', DOCKER_CONTEXT: '' } });
  return { run, json: JSON.parse(fs.readFileSync(out('json'), 'utf8')) as FleetResult, xml: fs.readFileSync(out('xml'), 'utf8'), md: fs.readFileSync(out('md'), 'utf8') };
}

function checkReports(r: Reports, names: [string, string], why: RegExp): void {
  const { run } = r;
  assert.equal(run.code, 3, run.stderr);
  // The terminal: the matrix with both targets, their errors, the summary line, the report lines.
  const err = run.stderr;
  assert.match(err, /^isocheck fleet: 2 targets × 1 scenario$/m);
  assert.match(err, /^TARGET +KIND +ENDPOINT +#1$/m);
  for (const n of names) {
    assert.match(err, new RegExp(`^${n} +docker +\\S.* +⚠ env-error$`, 'm'));
    // A reason wraps to the width with a two-space indent: read it as one line.
    assert.match(err.replace(/\n {2}/g, ' '), new RegExp(`^⚠ ${n}: unreachable: ${why.source}`, 'm'));
  }
  assert.match(err, /^#1 trivial {2}trivial\.yaml$/m);
  assert.match(err, /^0 passed, 2 failed, 0 skipped \([^)]*\) across 2 targets; 2 unreachable \(2 not run, counted as failed\)$/m);
  for (const ext of ['xml', 'json', 'md']) assert.match(err, new RegExp(`^report: .*\\.${ext}$`, 'm'));
  // JSON: the FleetResult, each target an environment error with its engine's message.
  assert.equal(r.json.kind, 'fleet');
  assert.equal(r.json.status, 'environment-error');
  assert.deepEqual(r.json.totals, { passed: 0, failed: 2, skipped: 0, deviations: 0 });
  assert.deepEqual(r.json.targets.map((t) => [t.target.name, t.result.status, t.result.scenarios.map((s) => [s.file, s.status])]), names.map((n) => [n, 'environment-error', [['trivial.yaml', 'error']]]));
  for (const t of r.json.targets) assert.match(t.result.environment.engineError ?? '', why);
  // JUnit: a suite per target × scenario, each with an error saying why.
  assert.equal(XMLValidator.validate(r.xml), true);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(r.xml) as { testsuites: { testsuite: { name: string; errors: string; testcase: { error: { message: string } } }[] } };
  assert.deepEqual(doc.testsuites.testsuite.map((s) => [s.name, s.errors]), names.map((n) => [`${n} / trivial`, '1']));
  for (const s of doc.testsuites.testsuite) assert.match(s.testcase.error.message, why);
  // Markdown: the matrix, then each target's transcript.
  assert.ok(r.md.indexOf('## Matrix') < r.md.indexOf(`## Target ${names[0]}`));
  assert.ok(r.md.indexOf(`## Target ${names[0]}`) < r.md.indexOf(`## Target ${names[1]}`));
  for (const n of names) assert.match(r.md, new RegExp(`^\\| ${n} \\| docker \\| .* \\| - \\| ⚠ env-error \\|$`, 'm'));
}

void describe('isocheck run over a fleet of unreachable targets (real CLI)', () => {
  void it('--context a --context b: exit 3, the matrix and all reports name both targets and why', () => {
    const r = fleetRun(['--context', 'isocheck-nosuch-a', '--context', 'isocheck-nosuch-b'], 'contexts');
    checkReports(r, ['isocheck-nosuch-a', 'isocheck-nosuch-b'], /(?:the Docker engine "isocheck-nosuch-\w" is not reachable: .*context "isocheck-nosuch-\w"|the docker CLI "[^"]*" was not found)/);
    assert.match(r.run.stderr, /^isocheck-nosuch-a +docker +context isocheck-nosuch-a +⚠ env-error$/m);
    assert.equal(r.json.targets[0]?.target.context, 'isocheck-nosuch-a');
  });

  void it('--targets fleet.yaml with two missing sockets: the same, with endpoints and tags', () => {
    const r = fleetRun(['--targets', 'fleet.yaml'], 'file');
    checkReports(r, ['a', 'b'], /(?:the Docker engine "\w" is not reachable: .*unix:\/\/\/nonexistent\/\w\.sock|the docker CLI "[^"]*" was not found)/);
    assert.match(r.run.stderr, /^a +docker +unix:\/\/\/nonexistent\/a\.sock +⚠ env-error$/m);
    assert.deepEqual(r.json.targets.map((t) => [t.target.endpoint, t.target.tags]), [['unix:///nonexistent/a.sock', ['lab']], ['unix:///nonexistent/b.sock', []]]);
    assert.match(r.xml, /<property name="isocheck.target.tags" value="lab"\/>/);
  });

  void it('a report path that would overwrite the scenario: exit 2 before any target is asked', () => {
    const run = runCli(['run', scenario, '--targets', 'fleet.yaml', '--json', scenario], { cwd: dir });
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /\[bad-report-path\]/);
    assert.doesNotMatch(run.stderr, /isocheck fleet:|not reachable/);
  });
});
