import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { quoteArg, quoteArgv, userArgv } from '../../src/report/quote.js';

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
    const argv = ['a b', "it's", '$x', '"q"', '', 'back\\slash', '*.ts', '--flag=1'];
    const out = execFileSync('sh', ['-c', `for a in ${quoteArgv(argv)}; do printf '%s\\0' "$a"; done`], { encoding: 'utf8' });
    assert.deepEqual(out.split('\0').slice(0, -1), argv);
  });

  void it("writes a word with a control character as one safe $'…' word that bash reads back exactly", () => {
    const argv = ['new\nline', 'clear\u001b[2J', "bell\u0007 it's \\x", 'c1\u009b31m', 'rtl\u202eexe.txt', 'cr\rforged', 'tab\tx', 'del\u007f'];
    const line = quoteArgv(argv);
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(line, /[\u0000-\u001f\u007f-\u009f\u202e]/, line);
    assert.equal(quoteArg('a\u001bb'), "$'a\\x1bb'");
    assert.equal(quoteArg("it's\n"), "$'it\\'s\\n'");
    const out = execFileSync('bash', ['-c', `for a in ${line}; do printf '%s\\0' "$a"; done`], { encoding: 'utf8' });
    assert.deepEqual(out.split('\0').slice(0, -1), argv);
  });
});

void describe('userArgv', () => {
  void it('leaves out isocheck\'s name and labels before the image, but never the container\'s own arguments', () => {
    const argv = ['docker', 'run', '--detach', '--name=isocheck-r1-0-c', '--label=io.isocheck.run=r1', '--runtime=runsc', 'img', 'echo', '--label=io.isocheck.run=x', '--name=isocheck-y'];
    assert.deepEqual(userArgv(argv), ['docker', 'run', '--detach', '--runtime=runsc', 'img', 'echo', '--label=io.isocheck.run=x', '--name=isocheck-y']);
  });
});
