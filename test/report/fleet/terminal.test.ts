// The fleet matrix in the terminal: layout at a wide and a narrow width, many scenarios in blocks,
// hostile and very long names, colour only when wanted, and the summary line CI logs grep for.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FleetResult } from '../../../src/execute/fleet-result.js';
import { printMatrix, renderMatrixText } from '../../../src/report/fleet/index.js';
import { displayWidth, wrap } from '../../../src/report/fleet/width.js';
import { copy, FAILED } from '../../fixtures/results/replayed.js';
import { forgedLines, hostile, PAYLOAD, rawControl, STYLE_SGR } from '../../helpers/hostile-text.js';
import { CaptureStream } from '../capture.js';
import { fleetOf, mixedFleet, reachable } from './fleets.js';

const FLEET_SUMMARY = /^(\d+) passed, (\d+) failed, (\d+) skipped \(([^)]*)\) across (\d+) targets/;

/** Every line but the summary fits `width`; the summary line is last and never cut. */
function assertFits(lines: string[], width: number): void {
  for (const l of lines.slice(0, -1)) assert.ok(displayWidth(l) <= width, `wider than ${width} (${displayWidth(l)}): ${JSON.stringify(l)}`);
  assert.match(lines.at(-1) ?? '', FLEET_SUMMARY);
  assert.equal(lines.filter((l) => FLEET_SUMMARY.test(l)).length, 1);
}

/** FAILED's reference scenario under `n` different files: a fleet with many columns. */
function manyScenarios(n: number): FleetResult {
  const r = copy(FAILED.result);
  const base = r.scenarios[0];
  if (!base) throw new Error('FAILED has no scenario');
  r.scenarios = Array.from({ length: n }, (_v, i) => ({ ...copy(FAILED.result).scenarios[0], ...{ file: `scenarios/many/s${i + 1}.yaml`, name: `${base.name} ${i + 1}` } }) as typeof base);
  return fleetOf([reachable('local', r), reachable('edge', r, { endpoint: 'ssh://edge.example', locality: 'remote' })]);
}

void describe('fleet matrix in the terminal', () => {
  void it('shows targets (name, kind, endpoint) by scenarios with icon and word, the legend, reasons and summary', () => {
    const lines = renderMatrixText(mixedFleet(), { width: 120, color: false });
    assert.deepEqual(lines.slice(0, 7), [
      'isocheck fleet: 3 targets × 2 scenarios',
      'TARGET  KIND    ENDPOINT                             #1           #2',
      'local   docker  unix:///var/run/docker.sock          ✖ FAIL       ↓ skip',
      'second  docker  unix:///run/isocheck-e2/docker.sock  ✔ pass       ↓ skip',
      'edge    docker  ssh://edge.example                   ⚠ env-error  ⚠ env-error',
      '#1 Sandbox isolation on Linux (runc vs gVisor)  scenarios/linux/sandbox-isolation.yaml',
      '#2 Hyper-V isolation (Windows)  scenarios/windows/hyperv-isolation.yaml',
    ]);
    const text = lines.join('\n');
    assert.match(text, /^⚠ edge: unreachable: the Docker engine is not reachable: Cannot connect to the Docker daemon at\n {2}unix:\/\/\/run\/isocheck-replay-nowhere\.sock\./m);
    assert.match(text, /^✖ #1 FAIL on local: sbx-host-ping: expected no host process of container sbx/m);
    assert.match(text, /^↓ #2 skip on local and second: requires a Windows host/m);
    assert.equal(lines.at(-1), '1 passed, 3 failed, 2 skipped (5.43s) across 3 targets; 1 unreachable (2 not run, counted as failed)');
    assertFits(lines, 120);
  });

  void it('fits a narrow terminal: endpoints cut, then icons only, then kind and endpoint left out', () => {
    const at60 = renderMatrixText(mixedFleet(), { width: 60, color: false });
    assert.deepEqual(at60.slice(1, 5), [
      'TARGET  KIND    ENDPOINT            #1           #2',
      'local   docker  unix:///var/run/d…  ✖ FAIL       ↓ skip',
      'second  docker  unix:///run/isoch…  ✔ pass       ↓ skip',
      'edge    docker  ssh://edge.example  ⚠ env-error  ⚠ env-error',
    ]);
    assertFits(at60, 60);
    const at40 = renderMatrixText(mixedFleet(), { width: 40, color: false });
    assert.deepEqual(at40.slice(1, 5), ['TARGET  KIND    ENDPOINT          #1  #2', 'local   docker  unix:///var/run…  ✖   ↓', 'second  docker  unix:///run/iso…  ✔   ↓', 'edge    docker  ssh://edge.exam…  ⚠   ⚠']);
    assertFits(at40, 40);
    // The legend drops the file before it cuts the name; reasons wrap rather than lose the engine error.
    assert.ok(at40.includes('#2 Hyper-V isolation (Windows)'));
    assert.match(at40.join('\n'), /unix:\/\/\/run\/isocheck-replay-nowhere/);
    // Six scenarios in 40 cells: kind and endpoint go, the cells stay.
    const six = renderMatrixText(manyScenarios(6), { width: 40, color: false });
    assert.deepEqual(six.slice(1, 4), ['TARGET  #1  #2  #3  #4  #5  #6', 'local   ✖   ✖   ✖   ✖   ✖   ✖', 'edge    ✖   ✖   ✖   ✖   ✖   ✖']);
    assertFits(six, 40);
  });

  void it('splits many scenarios into blocks of columns that fit, each with the target column', () => {
    const lines = renderMatrixText(manyScenarios(30), { width: 60, color: false });
    assertFits(lines, 60);
    const headers = lines.filter((l) => l.startsWith('TARGET'));
    assert.ok(headers.length >= 2, `${headers.length} block(s)`);
    const numbers = headers.flatMap((h) => h.split(/\s+/).slice(1));
    assert.deepEqual(numbers, Array.from({ length: 30 }, (_v, i) => `#${i + 1}`));
    assert.equal(lines.filter((l) => l.startsWith('edge ')).length, headers.length);
    assert.equal(lines.at(-1), '0 passed, 60 failed, 0 skipped (5.43s) across 2 targets');
  });

  void it('escapes hostile target names, endpoints, scenario names and reasons, and still fits', () => {
    const f = hostile(mixedFleet());
    assert.ok(f.targets[0]?.target.name.endsWith(PAYLOAD));
    for (const width of [120, 50]) {
      const lines = renderMatrixText(f, { width, color: false });
      const text = lines.join('\n');
      assert.equal(rawControl(text), undefined);
      assert.deepEqual(forgedLines(text), []);
      assertFits(lines, width);
      assert.ok(text.includes('\\x1b[2J'), 'a control is shown escaped, not dropped');
    }
  });

  void it('cuts very long and wide names by their terminal width, never inside a character', () => {
    const f = mixedFleet();
    const long = 'x'.repeat(500);
    const wide = '隔離'.repeat(100); // two cells per character
    const emoji = '🐳'.repeat(50); // astral: a cut must not split its surrogate pair
    for (const s of f.targets.flatMap((t) => t.result.scenarios)) s.name = s.file.includes('windows') ? wide : `${long}${emoji}`;
    if (f.targets[0]) f.targets[0].target.name = wide;
    const lines = renderMatrixText(f, { width: 80, color: false });
    assertFits(lines, 80);
    assert.equal(rawControl(lines.join('\n')), undefined, 'no lone surrogate from a cut');
    assert.ok(lines.some((l) => l.startsWith('隔離') && l.includes('…')));
  });

  void it('colours cells only when colour is on, and the summary line never', () => {
    const plain = renderMatrixText(mixedFleet(), { width: 120, color: false }).join('\n');
    assert.ok(!plain.includes('\u001b'));
    const colour = renderMatrixText(mixedFleet(), { width: 120, color: true });
    assert.ok(colour.join('\n').includes('\u001b[32m✔ pass\u001b[39m'));
    assert.ok(colour.join('\n').includes('\u001b[31m⚠ env-error\u001b[39m'));
    assert.ok(!(colour.at(-1) ?? '').includes('\u001b'));
    assert.equal(colour.join('\n').replace(STYLE_SGR, ''), plain);
  });

  void it('printMatrix follows NO_COLOR / FORCE_COLOR and COLUMNS, and a pipe gets plain text', () => {
    const print = (isTTY: boolean, env: NodeJS.ProcessEnv, columns = 200): string => {
      const s = new CaptureStream(isTTY);
      s.columns = columns;
      printMatrix(mixedFleet(), s, env);
      return s.text;
    };
    assert.ok(print(true, {}).includes('\u001b['), 'a TTY gets colour');
    assert.ok(!print(true, { NO_COLOR: '1' }).includes('\u001b'));
    assert.ok(!print(false, {}).includes('\u001b'), 'a pipe or CI log: plain text');
    assert.ok(print(false, { FORCE_COLOR: '1' }).includes('\u001b['));
    const narrow = print(true, { NO_COLOR: '1' }, 50).split('\n').filter((l) => l !== '');
    assertFits(narrow, 50);
    const fromEnv = print(true, { NO_COLOR: '1', COLUMNS: '45' }).split('\n').filter((l) => l !== '');
    assertFits(fromEnv, 45);
    assert.ok(fromEnv.some((l) => displayWidth(l) > 40), 'COLUMNS=45 is used as given');
  });

  void it('wraps at spaces with a hanging indent, and cuts what is left past the last line', () => {
    assert.deepEqual(wrap('aaa bbb ccc ddd', 9), ['aaa bbb', '  ccc ddd']);
    const many = wrap('word '.repeat(60).trim(), 20, 2, 3);
    assert.equal(many.length, 3);
    assert.ok(many[2]?.endsWith('…'));
    assert.deepEqual(wrap('x'.repeat(25), 10), ['xxxxxxxxxx', '  xxxxxxxx', '  xxxxxxx']);
  });
});
