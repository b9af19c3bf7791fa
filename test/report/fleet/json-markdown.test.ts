// The fleet JSON report (the FleetResult, round-tripped) and the fleet Markdown report (the matrix
// first, then each target's transcript as the single-target renderer writes it; --normalize).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { markdownLines } from '../../../src/report/files/markdown.js';
import { renderFleetJson } from '../../../src/report/fleet/json.js';
import { renderFleetMarkdown } from '../../../src/report/fleet/markdown.js';
import { block } from '../../../src/format/escape.js';
import { FAILED, FAILED_B, HYPERV_NAME, SANDBOX_NAME } from '../../fixtures/results/replayed.js';
import { forgedLines, hostile, markdownProse, rawControl } from '../../helpers/hostile-text.js';
import { ENGINE_ERROR, fleetOf, mixedFleet, reachable, unreachable } from './fleets.js';

void describe('fleet JSON report', () => {
  void it('is the FleetResult: it parses back to the same value', () => {
    const f = mixedFleet();
    const text = renderFleetJson(f);
    assert.deepEqual(JSON.parse(text), f);
    assert.ok(text.endsWith('}\n'));
  });

  void it('keeps each target\'s RunResult with the fingerprint that names the target', () => {
    const back = JSON.parse(renderFleetJson(mixedFleet())) as ReturnType<typeof mixedFleet>;
    assert.equal(back.kind, 'fleet');
    assert.equal(back.reportVersion, 1);
    assert.deepEqual(back.totals, { passed: 1, failed: 3, skipped: 2, deviations: 0 });
    assert.deepEqual(back.targets.map((t) => [t.target.name, t.result.environment.target?.name, t.result.status]), [
      ['local', 'local', 'failed'],
      ['second', 'second', 'passed'],
      ['edge', 'edge', 'environment-error'],
    ]);
    assert.equal(back.targets[1]?.result.environment.target?.endpoint, 'unix:///run/isocheck-e2/docker.sock');
    assert.ok(back.targets[0]?.result.environment.engine?.version);
    assert.equal(back.targets[2]?.result.environment.engine, null);
    assert.equal(back.targets[2]?.result.environment.engineError, ENGINE_ERROR);
  });

  void it('writes hostile strings as JSON escapes, exactly', () => {
    const h = hostile(mixedFleet());
    const text = renderFleetJson(h);
    assert.equal(rawControl(text), undefined);
    assert.deepEqual(JSON.parse(text), h);
  });
});

void describe('fleet Markdown report', () => {
  const f = mixedFleet();
  const md = renderFleetMarkdown(f, { normalize: false });

  void it('puts the matrix first, as a table with a column per scenario', () => {
    const lines = md.split('\n');
    assert.equal(lines[0], '# isocheck fleet run');
    const matrix = lines.indexOf('## Matrix');
    assert.ok(matrix > 0 && matrix < lines.indexOf('## Target local'));
    assert.deepEqual(lines.slice(matrix + 2, matrix + 7), [
      `| target | kind | endpoint | locality | ${SANDBOX_NAME} | ${HYPERV_NAME} |`,
      '| --- | --- | --- | --- | --- | --- |',
      '| local | docker | `unix:///var/run/docker.sock` | local | ✖ FAIL | ↓ skip |',
      '| second | docker | `unix:///run/isocheck-e2/docker.sock` | remote | ✔ pass | ↓ skip |',
      '| edge | docker | `ssh://edge.example` | - | ⚠ env-error | ⚠ env-error |',
    ]);
    assert.match(md, /^- ⚠ \*\*edge\*\*: unreachable: the Docker engine is not reachable/m);
    assert.match(md, /^- ↓ Hyper-V isolation \(Windows\) — skip on \*\*local and second\*\*: requires a Windows host/m);
    assert.match(md, /^- ✖ Sandbox isolation on Linux \(runc vs gVisor\) — FAIL on \*\*local\*\*: sbx-host-ping: expected no host process/m);
    assert.match(md, /^1 passed, 3 failed, 2 skipped \(5\.43s\) across 3 targets; 1 unreachable \(2 not run, counted as failed\)$/m);
  });

  void it('then gives each target\'s transcript as the single-target renderer writes it, one level down', () => {
    let from = 0;
    for (const t of f.targets) {
      const head = md.indexOf(`## Target ${t.target.name}\n`, from);
      assert.ok(head > from, `target ${t.target.name} after the previous one`);
      const transcript = block(markdownLines(t.result, { normalize: false }, 3).join('\n'));
      const at = md.indexOf(transcript, head);
      assert.ok(at > head, `${t.target.name}'s transcript follows its heading`);
      from = at;
    }
    assert.match(md, /## Target second\n\ndocker · endpoint `unix:\/\/\/run\/isocheck-e2\/docker\.sock` · host view remote · tags `e2`, `lab`\n/);
    assert.match(md, /^#### Environment$/m);
    assert.match(md, /^- Engine error: the Docker engine is not reachable/m);
  });

  void it('honours --normalize: two fleets that differ in ids, PIDs, times and durations give the same file', () => {
    const fleet = (run: typeof FAILED.result, ms: number) => fleetOf([reachable('local', run), unreachable('edge', { host: 'ssh://edge.example' })], { durationMs: ms, runId: run.runId, startedAt: run.startedAt });
    const a = fleet(FAILED.result, 5000);
    const b = fleet(FAILED_B.result, 7300);
    assert.notEqual(renderFleetMarkdown(a, { normalize: false }), renderFleetMarkdown(b, { normalize: false }));
    const na = renderFleetMarkdown(a, { normalize: true });
    assert.equal(na, renderFleetMarkdown(b, { normalize: true }));
    for (const w of [FAILED.world, FAILED_B.world]) for (const v of [w.runc, w.runsc.slice(0, 12), String(w.leakedPing)]) assert.ok(!na.includes(v), `${v} left in`);
    assert.match(na, /Run `<run-id>` · started <time>/);
    assert.match(na, /FAIL on \*\*local\*\*: sbx-host-ping: expected no host process of container sbx \(\\<id:sbx\\>\)/);
  });

  void it('escapes hostile names in the table, the reasons and the transcripts', () => {
    const h = renderFleetMarkdown(hostile(mixedFleet()), { normalize: false });
    const prose = markdownProse(h);
    assert.equal(rawControl(h), undefined);
    assert.deepEqual(forgedLines(prose), []);
    const lines = prose.split('\n');
    const start = lines.indexOf('## Matrix') + 2;
    const table = lines.slice(start, lines.indexOf('', start));
    assert.equal(table.length, 5, 'header, rule and three targets: no name added a row');
    // 4 target columns and 2 scenarios: 6 cells, 7 unescaped pipes.
    for (const row of table) assert.equal(row.split(/(?<!\\)\|/).length, 8, `a name split a table row: ${row}`);
  });
});
