import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { quoteArg, quoteArgv } from '../../src/report/quote.js';

void describe('quoteArgv', () => {
  void it('leaves plain words bare', () => {
    assert.equal(quoteArgv(['docker', 'run', '-d', '--runtime=runsc', 'isocheck/busybox:local', 'ping', '127.0.0.1']), 'docker run -d --runtime=runsc isocheck/busybox:local ping 127.0.0.1');
  });

  void it('single-quotes spaces, metacharacters, quotes and empty words', () => {
    assert.equal(quoteArg('a b'), "'a b'");
    assert.equal(quoteArg('$HOME'), "'$HOME'");
    assert.equal(quoteArg('a;b|c&d'), "'a;b|c&d'");
    assert.equal(quoteArg(''), "''");
    assert.equal(quoteArg("it's"), `'it'"'"'s'`);
    assert.equal(quoteArg('*'), "'*'");
  });

  void it('gives back the same argv when a POSIX shell reads it', () => {
    const argv = ['a b', "it's", '$x', '"q"', '', 'back\\slash', 'new\nline', '*.ts', '--flag=1'];
    const out = execFileSync('sh', ['-c', `for a in ${quoteArgv(argv)}; do printf '%s\\0' "$a"; done`], { encoding: 'utf8' });
    assert.deepEqual(out.split('\0').slice(0, -1), argv);
  });
});
