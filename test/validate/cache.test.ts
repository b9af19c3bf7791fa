// The validation cache (src/validate/cache.ts, cache-dir.ts): hits give the cold run's output byte
// for byte; anything wrong with the cache (damaged, foreign, a planted link, a folder open to
// others) is a miss, never a crash or a wrong verdict; the key follows content, path and --var.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli } from '../../src/cli/index.js';
import { cacheDir, prune, writeAtomic } from '../../src/validate/cache-dir.js';
import { openCache } from '../../src/validate/cache.js';
import { textSink } from './helpers.js';

const GOOD = 'name: ok\ndescription: d\nsteps:\n  - { id: a, kind: run, image: "${image}", command: [sleep, "1"] }\nvars: { image: busybox }\n';
const BAD = 'name: bad\ndescription: d\nsteps:\n  - { id: a, kind: tpo }\n';

let tmp: string;
let work: string;
let cache: string;

async function validate(args: string[], env: NodeJS.ProcessEnv = { ISOCHECK_CACHE_DIR: cache }): Promise<string> {
  const sink = textSink();
  const code = await cli(['validate', ...args], { stdout: sink.stream, stderr: sink.stream, env, cwd: work });
  return `${sink.text()}exit ${code}\n`;
}

const packs = (): string[] => fs.readdirSync(path.join(cache, 'validate')).filter((n) => n.endsWith('.json')).map((n) => path.join(cache, 'validate', n));

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'isocheck-cache-test-'));
  work = path.join(tmp, 'work');
  cache = path.join(tmp, 'cache');
  fs.mkdirSync(work);
  fs.writeFileSync(path.join(work, 'good.yaml'), GOOD);
  fs.writeFileSync(path.join(work, 'bad.yaml'), BAD);
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('validation cache', () => {
  it('a warm run prints exactly what a run without cache prints (text and JSON)', async () => {
    for (const args of [['.'], ['--format', 'json', '.'], ['--var', 'image=x', 'good.yaml', 'bad.yaml']]) {
      const plain = await validate(['--no-cache', ...args]);
      assert.match(plain, /unknown-kind|tpo/);
      assert.equal(await validate(args), plain, 'cold');
      assert.equal(await validate(args), plain, 'warm');
    }
    assert.equal(fs.statSync(path.join(cache, 'validate')).mode & 0o777, 0o700);
    for (const p of packs()) assert.equal(fs.statSync(p).mode & 0o777, 0o600);
  });

  it('--no-cache and ISOCHECK_NO_CACHE=1 write nothing', async () => {
    await validate(['--no-cache', '.']);
    await validate(['.'], { ISOCHECK_CACHE_DIR: cache, ISOCHECK_NO_CACHE: '1' });
    assert.equal(fs.existsSync(cache), false);
  });

  it('a changed file is validated again: the key is its content', async () => {
    const before = await validate(['.']);
    fs.writeFileSync(path.join(work, 'bad.yaml'), GOOD);
    const after = await validate(['.']);
    assert.notEqual(after, before);
    assert.equal(after, await validate(['--no-cache', '.']));
  });

  it('a damaged, truncated or foreign pack is a miss, and is replaced', async () => {
    const plain = await validate(['--no-cache', '.']);
    await validate(['.']);
    const [pack] = packs();
    assert.ok(pack);
    const good = fs.readFileSync(pack, 'utf8');
    const entries = JSON.parse(good) as { entries: Record<string, { problems: { message: string }[] }> };
    const forged = structuredClone(entries);
    for (const e of Object.values(forged.entries)) for (const p of e.problems) (p as Record<string, unknown>).line = 'x';
    const variants = [good.slice(0, good.length / 2), 'garbage', '{}', '[]', 'null', JSON.stringify({ ...entries, build: 'other' }), JSON.stringify(forged), ''];
    for (const text of variants) {
      fs.writeFileSync(pack, text);
      assert.equal(await validate(['.']), plain, text.slice(0, 30));
      assert.deepEqual(JSON.parse(fs.readFileSync(pack, 'utf8')), JSON.parse(good), 'rewritten with the right results');
    }
  });

  it('never follows or replaces a symbolic link planted as a pack', async () => {
    await validate(['.']);
    const [pack] = packs();
    assert.ok(pack);
    const target = path.join(tmp, 'victim.txt');
    fs.writeFileSync(target, 'keep me');
    fs.rmSync(pack);
    fs.symlinkSync(target, pack);
    const plain = await validate(['--no-cache', '.']);
    assert.equal(await validate(['.']), plain);
    assert.equal(fs.readFileSync(target, 'utf8'), 'keep me');
    assert.ok(fs.lstatSync(pack).isSymbolicLink(), 'the link is left alone');
  });

  it('a cache folder open to others, or a link, is not used', async () => {
    fs.mkdirSync(path.join(cache, 'validate'), { recursive: true, mode: 0o700 });
    fs.chmodSync(path.join(cache, 'validate'), 0o777);
    const plain = await validate(['--no-cache', '.']);
    assert.equal(await validate(['.']), plain);
    assert.deepEqual(fs.readdirSync(path.join(cache, 'validate')), []);
    fs.rmSync(cache, { recursive: true });
    const elsewhere = path.join(tmp, 'elsewhere');
    fs.mkdirSync(elsewhere, { mode: 0o700 });
    fs.mkdirSync(cache);
    fs.symlinkSync(elsewhere, path.join(cache, 'validate'));
    assert.equal(await validate(['.']), plain);
    assert.deepEqual(fs.readdirSync(elsewhere), []);
  });

  it('keys results by --var and by the path messages name', () => {
    const c1 = openCache({ ISOCHECK_CACHE_DIR: cache }, [work], { a: '1' });
    const bytes = Buffer.from(GOOD);
    const result = { problems: [], omitted: { errors: 0, warnings: 0 } };
    c1?.set('/x/a.yaml', bytes, result);
    c1?.save();
    assert.deepEqual(openCache({ ISOCHECK_CACHE_DIR: cache }, [work], { a: '1' })?.get('/x/a.yaml', bytes), result);
    assert.equal(openCache({ ISOCHECK_CACHE_DIR: cache }, [work], { a: '2' })?.get('/x/a.yaml', bytes), undefined);
    assert.equal(openCache({ ISOCHECK_CACHE_DIR: cache }, [work], { a: '1' })?.get('/y/a.yaml', bytes), undefined);
    assert.equal(openCache({ ISOCHECK_CACHE_DIR: cache }, [work], { a: '1' })?.get('/x/a.yaml', Buffer.from(BAD)), undefined);
  });

  it('stays within its bounds: the oldest packs go first', () => {
    const dir = path.join(tmp, 'p');
    fs.mkdirSync(dir);
    for (let i = 0; i < 5; i++) {
      const f = path.join(dir, `${String(i).repeat(64)}.json`);
      assert.ok(writeAtomic(f, 'x'.repeat(100)));
      fs.utimesSync(f, 1000 + i, 1000 + i);
    }
    prune(dir, /^\d{64}\.json$/, 3, 1000);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['2', '3', '4'].map((d) => `${d.repeat(64)}.json`));
    const stale = path.join(dir, `${'4'.repeat(64)}.json.tmp-123-abc`);
    const fresh = path.join(dir, `${'4'.repeat(64)}.json.tmp-124-abc`);
    fs.writeFileSync(stale, 'x');
    fs.writeFileSync(fresh, 'x');
    fs.utimesSync(stale, 1000, 1000);
    prune(dir, /^\d{64}\.json$/, 3, 150);
    assert.deepEqual(fs.readdirSync(dir).sort(), [`${'4'.repeat(64)}.json`, path.basename(fresh)]);
  });

  it('lives in ISOCHECK_CACHE_DIR, else $XDG_CACHE_HOME/isocheck, else ~/.cache/isocheck', () => {
    assert.equal(cacheDir({ ISOCHECK_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x' }), '/c');
    assert.equal(cacheDir({ XDG_CACHE_HOME: '/x' }), '/x/isocheck');
    assert.equal(cacheDir({ XDG_CACHE_HOME: 'relative' }), path.join(os.homedir(), '.cache', 'isocheck'));
    assert.equal(cacheDir({}), path.join(os.homedir(), '.cache', 'isocheck'));
  });
});
