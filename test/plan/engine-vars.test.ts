// Engine facts as ${engine.*} values and mapped vars. KernelVersion strings are the real ones from
// test/fixtures/recorded/windows/real-docker-info-text-*.txt (moby#38306, docs.docker.com).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineValues, missingEngineValues, resolveVars, windowsBuild } from '../../src/plan/engine-vars.js';
import type { Scenario } from '../../src/types.js';
import { linuxEngine, windowsEngine } from './engines.js';

const win = (kernelVersion?: string, operatingSystem?: string) => ({ osType: 'windows', ...(kernelVersion ? { kernelVersion } : {}), ...(operatingSystem ? { operatingSystem } : {}) });

test('windowsBuild: the build number of docker info\'s Windows KernelVersion, OperatingSystem as fallback', () => {
  assert.equal(windowsBuild(win('10.0 17763 (17763.1.amd64fre.rs5_release.180914-1434)')), '17763');
  assert.equal(windowsBuild(win('10.0 20348 (20348.1.amd64fre.fe_release.210507-1500)')), '20348');
  assert.equal(windowsBuild(win(undefined, 'Microsoft Windows Server Version 21H2 (OS Build 20348.707)')), '20348');
  assert.equal(windowsBuild(win('garbage')), undefined);
  assert.equal(windowsBuild({ osType: 'linux', kernelVersion: '10.0 17763 (x)' }), undefined, 'only on Windows engines');
});

const mapped = (from = '${engine.windowsBuild}'): Scenario => ({
  name: 't', description: 't', steps: [{ kind: 'run', image: 'mcr.microsoft.com/windows/nanoserver:${tag}' }],
  vars: { tag: { from, map: { '17763': 'ltsc2019', '20348': 'ltsc2022' } }, plain: 'x' },
});

test('a mapped var takes the value its engine fact maps to; plain vars stay; engine values are there', () => {
  const r = resolveVars(mapped(), windowsEngine(), {});
  assert.deepEqual(r.unresolved, []);
  assert.equal(r.values.tag, 'ltsc2019');
  assert.equal(r.values.plain, 'x');
  assert.equal(r.values['engine.windowsBuild'], '17763');
  assert.equal(r.values['engine.os'], 'windows');
});

test('an unmapped value and a missing fact are reasons (the scenario is skipped), never a value', () => {
  const e = windowsEngine();
  e.facts.kernelVersion = '10.0 19045 (WinBuild.160101.0800)';
  const r = resolveVars(mapped(), e, {});
  assert.equal(r.values.tag, undefined);
  assert.match(r.unresolved[0] ?? '', /vars\.tag: no value for \$\{engine\.windowsBuild\} = "19045" \(known: 17763, 20348\); set one with --var tag=/);
  const l = resolveVars(mapped(), linuxEngine(), {});
  assert.match(l.unresolved[0] ?? '', /vars\.tag: this engine has no \$\{engine\.windowsBuild\} \(linux engine\)/);
});

test('--var overrides a mapped var (no reason then), and a composite key works', () => {
  const e = windowsEngine();
  e.facts.kernelVersion = '10.0 19045 (x)';
  assert.deepEqual(resolveVars(mapped(), e, { tag: 'ltsc2022' }), { values: { ...engineValues(e.facts), plain: 'x', tag: 'ltsc2022' }, unresolved: [] });
  const s: Scenario = { name: 't', description: 't', steps: [], vars: { img: { from: '${engine.os}-${engine.defaultIsolation}', map: { 'windows-hyperv': 'a', 'windows-process': 'b' } } } };
  assert.equal(resolveVars(s, windowsEngine('hyperv'), {}).values.img, 'a');
});

test('without an engine (plan): placeholders, no reasons', () => {
  const r = resolveVars(mapped(), null, {});
  assert.deepEqual(r.unresolved, []);
  assert.equal(r.values.tag, '<tag: from ${engine.windowsBuild}>');
});

test('a step using an engine value this engine lacks is a reason', () => {
  const s: Scenario = { name: 't', description: 't', steps: [{ kind: 'command', command: ['echo', '${engine.windowsBuild}'] }] };
  assert.deepEqual(missingEngineValues(s, linuxEngine()), ['uses ${engine.windowsBuild}, which this linux engine does not have']);
  assert.deepEqual(missingEngineValues(s, windowsEngine()), []);
});
