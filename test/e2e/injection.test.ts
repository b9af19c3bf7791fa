// Scenario values reach commands as literal argv elements: no shell, no injected options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers/cli.js';
import { isocheckContainers, requireEngine } from '../helpers/engine.js';
import type { RunResult } from '../../src/execute/results.js';

test('shell metacharacters, backticks and newlines are passed literally', (t) => {
  if (!requireEngine(t)) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isocheck-inj-'));
  const marker = (n: number): string => path.join(dir, `pwned-${n}`);
  const hostile = [`; touch ${marker(1)}`, `$(touch ${marker(2)})`, `\`touch ${marker(3)}\``, `x\ntouch ${marker(4)}`, `&& touch ${marker(5)} #`, `| touch ${marker(6)}`];
  const yaml = [
    'name: injection',
    'description: hostile values must arrive as literal arguments',
    'vars:',
    '  image: isocheck/busybox:local',
    ...hostile.map((h, i) => `  v${i}: ${JSON.stringify(h)}`),
    'steps:',
    '  - id: host',
    '    kind: command',
    `    command: [echo, ${hostile.map((_, i) => `"\${v${i}}"`).join(', ')}]`,
    '    expect:',
    ...hostile.map((_, i) => `      - output: { contains: "\${v${i}}" }`),
    '  - id: c',
    '    kind: run',
    '    image: ${image}',
    `    command: [echo, ${hostile.map((_, i) => `"\${v${i}}"`).join(', ')}]`,
    '  - id: inside',
    '    kind: command',
    '    command: [docker, logs, "${c.id}"]',
    '    expect:',
    ...hostile.map((_, i) => `      - output: { contains: "\${v${i}}" }\n        eventually: 5s`),
  ].join('\n');
  const file = path.join(dir, 'inj.yaml');
  fs.writeFileSync(file, yaml);
  const json = path.join(dir, 'r.json');
  const r = runCli(['run', file, '--json', json]);
  assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
  for (let i = 1; i <= 6; i++) assert.equal(fs.existsSync(marker(i)), false, `marker ${i} must not exist`);
  const rep = JSON.parse(fs.readFileSync(json, 'utf8')) as RunResult;
  const runArgv = rep.scenarios[0]?.steps.find((s) => s.id === 'c')?.commands[0]?.argv ?? [];
  for (const h of hostile) assert.ok(runArgv.includes(h), `argv carries ${JSON.stringify(h)} as one element`);
  assert.deepEqual(isocheckContainers(rep.runId), []);
});

test('an option-like image from --var is refused at validation (file:line:col, exit 2), before anything runs', (t) => {
  if (!requireEngine(t)) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isocheck-inj-'));
  const file = path.join(dir, 'opt.yaml');
  fs.writeFileSync(file, 'name: opt\ndescription: d\nvars: { image: isocheck/busybox:local }\nsteps:\n  - { id: c, kind: run, image: "${image}", command: ["true"] }\n');
  const json = path.join(dir, 'r.json');
  const r = runCli(['run', file, '--json', json, '--var', 'image=--privileged']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /opt\.yaml:5:\d+: .*--privileged.*\[option-like-value\]/);
  assert.equal(fs.existsSync(json), false, 'nothing ran, so no report');
});

test('an option-like image known only at run time (a capture) is refused, not passed to docker as an option', (t) => {
  if (!requireEngine(t)) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isocheck-inj-'));
  const file = path.join(dir, 'opt.yaml');
  fs.writeFileSync(file, [
    'name: opt', 'description: d', 'steps:',
    '  - { id: say, kind: command, command: [echo, "--privileged"], capture: { img: stdout } }',
    '  - { id: c, kind: run, image: "${img}", command: ["true"] }', '',
  ].join('\n'));
  const json = path.join(dir, 'r.json');
  const r = runCli(['run', file, '--json', json]);
  assert.equal(r.code, 1, r.stderr);
  const rep = JSON.parse(fs.readFileSync(json, 'utf8')) as RunResult;
  const st = rep.scenarios[0]?.steps[1];
  assert.equal(st?.status, 'error');
  assert.equal(st?.error?.code, 'option-like-value');
  assert.equal(st?.commands.length, 0, 'docker was never called');
});
