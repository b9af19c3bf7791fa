#!/usr/bin/env node
// The validate corpus: every .yaml under scenarios/ and test/fixtures/, plus generated broken
// variants of the reference scenario (wrong types, unknown keys, bad YAML, duplicate keys, tabs,
// deep nesting, alias bombs, bad regexes, warnings, and seeded random line edits). It runs the
// CLI over the corpus in several ways and prints everything it wrote (stdout, stderr, exit code),
// so two builds can be compared byte for byte (test/validate/corpus.test.ts does, against the
// recorded output in test/fixtures/validate-corpus.txt).
//   node scripts/validate-corpus.mjs [--write corpus-dir] [--cache-dir dir] > output.txt
// Imports only node:*; runs bin/isocheck.js (build first).
import { Buffer } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'isocheck.js');
const REFERENCE = fs.readFileSync(path.join(ROOT, 'scenarios', 'linux', 'sandbox-isolation.yaml'), 'utf8');

/** A small seeded generator (mulberry32): the same corpus on every machine. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sub = (from, to) => REFERENCE.replace(from, to);
const step = (yaml) => `${REFERENCE.trimEnd()}\n${yaml}`;
const nested = (n) => `name: deep\ndescription: d\nsteps: ${'['.repeat(n)}1${']'.repeat(n)}\n`;

/** Hand-written broken variants: name → text (or bytes). */
export function variants() {
  const v = {
    'wrong-type-name': sub(/^name: .*$/m, 'name: 5'),
    'wrong-type-steps': REFERENCE.replace(/^steps:[\s\S]*$/m, 'steps: nope\n'),
    'wrong-type-timeout': sub(/^timeout: .*$/m, 'timeout: true'),
    'unknown-top-key': sub(/^tags:/m, 'nmae: x\ntags:'),
    'unknown-step-key': sub('    image: ${image}\n', '    image: ${image}\n    imagee: x\n'),
    'misspelt-kind': sub('kind: top', 'kind: tpo'),
    'bad-enum': sub('isolation: process\n', 'isolation: gvisor\n'),
    'unclosed-flow': sub('tags: [linux, gvisor, reference]', 'tags: [linux, gvisor, reference'),
    'colon-in-value': sub('title: docker top lists ping', 'title: the page says: docker top lists ping'),
    'unquoted-ref-flow': sub('command: [ping, 127.0.0.1]', 'command: [ping, ${ip}x{y}]'),
    'duplicate-key': sub(/^timeout: .*$/m, 'timeout: 90s\ntimeout: 10s'),
    'duplicate-step-key': sub('    kind: top\n', '    kind: top\n    kind: top\n'),
    tabs: sub('    kind: run\n', '\tkind: run\n'),
    'deep-70': nested(70),
    'deep-64': nested(64),
    'deep-block': `name: d\ndescription: d\nsteps:\n${Array.from({ length: 70 }, (_, i) => `${'  '.repeat(i)}- `).join('\n')}x\n`,
    'alias-small': `name: &n x\ndescription: *n\nsteps: []\n`,
    'alias-unresolved': `name: x\ndescription: *nope\nsteps: []\n`,
    'bad-regex': step('  - id: re\n    kind: exec\n    container: proc\n    command: [ps]\n    expect:\n      - output: { matches: "(unclosed" }\n'),
    'bad-regex-lookahead': step('  - id: re\n    kind: exec\n    container: proc\n    command: [ps]\n    expect:\n      - output: { matches: "a(?=b)" }\n'),
    privileged: sub('    isolation: process\n', '    isolation: process\n    privileged: true\n'),
    'duplicate-capture': sub('      sbxPid: pid', '      procPid: pid'),
    'undefined-var': sub('image: ${image}', 'image: ${imgae}'),
    'duplicate-step-id': sub('id: sbx-top', 'id: proc-top'),
    'unknown-step-ref': sub('container: sbx\n', 'container: sbxx\n'),
    'claim-no-link': sub(/^source:[\s\S]*?^tags:/m, 'tags:').replace('    title: Start ping in a runc container (process isolation)\n', '    title: t\n    claim: the host sees it\n'),
    'windows-sandbox': sub('  host: linux', '  host: windows'),
    'multi-doc': `${REFERENCE}---\nname: second\n`,
    'top-list': '- a\n- b\n',
    'top-scalar': 'just text\n',
    empty: '',
    'comments-only': '# nothing\n',
    bom: `\uFEFF${REFERENCE}`,
    crlf: REFERENCE.replace(/\n/g, '\r\n'),
    'yaml-directive': `%YAML 1.1\n---\n${REFERENCE}`,
    'unknown-tag': sub('name: Sandbox', 'name: !weird Sandbox'),
    'many-problems': `name: m\ndescription: d\nsteps:\n${Array.from({ length: 150 }, (_, i) => `  - { id: s${i}, kind: nope${i % 3} }`).join('\n')}\n`,
    'many-warnings': step(Array.from({ length: 120 }, (_, i) => `  - id: p${i}\n    kind: run\n    image: x\n    command: [x]\n    privileged: true\n`).join('')),
    'eventually-and-for': sub('        eventually: 5s\n    capture:\n      procPid', '        eventually: 5s\n        for: 1s\n    capture:\n      procPid'),
    'bad-duration': sub('stepTimeout: 20s', 'stepTimeout: 20 parsecs'),
  };
  const bytes = { 'latin1-bytes': Buffer.concat([Buffer.from('name: caf'), Buffer.from([0xe9]), Buffer.from('\ndescription: d\nsteps: []\n')]) };
  return { ...v, ...bytes };
}

/** Seeded random line edits of the reference: delete, duplicate, indent, dedent, or break a line. */
export function mutants(n = 120) {
  const lines = REFERENCE.split('\n');
  const out = {};
  for (let s = 0; s < n; s++) {
    const r = random(s + 1);
    const ls = [...lines];
    const edits = 1 + Math.floor(r() * 3);
    for (let e = 0; e < edits; e++) {
      const i = Math.floor(r() * ls.length);
      const op = Math.floor(r() * 6);
      if (op === 0) ls.splice(i, 1);
      else if (op === 1) ls.splice(i, 0, ls[i] ?? '');
      else if (op === 2) ls[i] = ` ${ls[i]}`;
      else if (op === 3) ls[i] = (ls[i] ?? '').replace(/^ {1,2}/, '');
      else if (op === 4) ls[i] = `${ls[i]}${'[]{}:,&*#"\''[Math.floor(r() * 12)]}`;
      else ls[i] = (ls[i] ?? '').replace(/: /, ':');
    }
    out[`mutant-${String(s).padStart(3, '0')}`] = ls.join('\n');
  }
  return out;
}

/** Write the corpus under `dir`: the shipped and fixture files, then the variants. */
export function writeCorpus(dir) {
  const copy = (from, to) => {
    for (const e of fs.readdirSync(from, { withFileTypes: true })) {
      const src = path.join(from, e.name);
      if (e.isDirectory()) copy(src, path.join(to, e.name));
      else if (/\.ya?ml$/.test(e.name)) {
        fs.mkdirSync(to, { recursive: true });
        fs.copyFileSync(src, path.join(to, e.name));
      }
    }
  };
  copy(path.join(ROOT, 'scenarios'), path.join(dir, 'scenarios'));
  copy(path.join(ROOT, 'test', 'fixtures'), path.join(dir, 'fixtures'));
  fs.mkdirSync(path.join(dir, 'variants'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'mutants'), { recursive: true });
  for (const [name, text] of Object.entries(variants())) fs.writeFileSync(path.join(dir, 'variants', `${name}.yaml`), text);
  for (const [name, text] of Object.entries(mutants())) fs.writeFileSync(path.join(dir, 'mutants', `${name}.yaml`), text);
  fs.writeFileSync(path.join(dir, 'variants', 'too-large.yaml'), `name: big\ndescription: "${'x'.repeat(1024 * 1024)}"\nsteps: []\n`);
}

/** The CLI invocations compared: folder and single files, text and JSON, with --var. */
export function invocations() {
  const files = [...Object.keys(variants()).map((n) => `variants/${n}.yaml`), 'scenarios/linux/sandbox-isolation.yaml'];
  return [
    ['validate', '.'],
    ['validate', '--format', 'json', '.'],
    ['validate', '--var', 'imgae=x', '--var', 'image=y', 'variants', 'scenarios'],
    ['validate', 'missing.yaml', 'variants/empty.yaml'],
    ...files.map((f) => ['validate', f]),
  ];
}

/** Run every invocation in `dir` and return the transcript. */
export function transcript(dir, env = {}, extraArgs = []) {
  const out = [];
  for (const args of invocations()) {
    const argv = [...args.slice(0, 1), ...extraArgs, ...args.slice(1)];
    const r = spawnSync(process.execPath, [BIN, ...argv], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
    out.push(`$ isocheck ${args.join(' ')}\n--- exit ${r.status}\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`);
  }
  return out.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--write');
  const dir = i === -1 ? fs.mkdtempSync(path.join(os.tmpdir(), 'isocheck-corpus-')) : path.resolve(process.argv[i + 1]);
  fs.mkdirSync(dir, { recursive: true });
  writeCorpus(dir);
  const c = process.argv.indexOf('--cache-dir');
  const env = c === -1 ? {} : { ISOCHECK_CACHE_DIR: path.resolve(process.argv[c + 1]) };
  process.stdout.write(transcript(dir, env));
  if (i === -1) fs.rmSync(dir, { recursive: true, force: true });
}
