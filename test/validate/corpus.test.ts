// Validation messages stay byte-identical: the corpus of scripts/validate-corpus.mjs (shipped
// scenarios, fixtures, ~160 broken and mutated files) through the CLI's `cli()` in-process, with
// the cache off, cold and warm, compared with test/fixtures/validate-corpus.txt — the output
// recorded from the CLI before the speed work of issue 12 (node scripts/validate-corpus.mjs).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cli } from '../../src/cli/index.js';
import { ROOT } from '../helpers/cli.js';
import { textSink } from './helpers.js';

interface Corpus {
  writeCorpus(dir: string): void;
  invocations(): string[][];
}

/** The transcript validate-corpus.mjs writes, made with in-process cli() calls. */
async function transcript(corpus: Corpus, dir: string, env: NodeJS.ProcessEnv): Promise<string> {
  const out: string[] = [];
  for (const args of corpus.invocations()) {
    const stdout = textSink();
    const stderr = textSink();
    const code = await cli(args, { stdout: stdout.stream, stderr: stderr.stream, env, cwd: dir });
    out.push(`$ isocheck ${args.join(' ')}\n--- exit ${code}\n--- stdout\n${stdout.text()}--- stderr\n${stderr.text()}`);
  }
  return out.join('\n');
}

describe('validate corpus (byte-identical messages)', () => {
  it('matches the recorded output with the cache off, cold and warm', async () => {
    const corpus = (await import(pathToFileURL(path.join(ROOT, 'scripts', 'validate-corpus.mjs')).href)) as Corpus;
    const expected = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'validate-corpus.txt'), 'utf8');
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'isocheck-corpus-test-'));
    try {
      const dir = path.join(tmp, 'corpus');
      corpus.writeCorpus(dir);
      const cacheEnv = { ISOCHECK_CACHE_DIR: path.join(tmp, 'cache') };
      assert.equal(await transcript(corpus, dir, { ISOCHECK_NO_CACHE: '1' }), expected, 'no cache');
      assert.equal(await transcript(corpus, dir, cacheEnv), expected, 'cold cache');
      assert.ok(fs.readdirSync(path.join(tmp, 'cache', 'validate')).length > 0, 'the cold run wrote packs');
      assert.equal(await transcript(corpus, dir, cacheEnv), expected, 'warm cache');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
