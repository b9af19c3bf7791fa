import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LiveReporter } from '../../src/report/terminal/live.js';
import { PlainReporter } from '../../src/report/terminal/plain.js';
import { createTerminalReporter, selectRenderer } from '../../src/report/terminal/index.js';
import { colorEnabled } from '../../src/report/terminal/style.js';
import { CaptureStream } from './capture.js';

void describe('terminal renderer selection', () => {
  const tty = new CaptureStream(true);
  const pipe = new CaptureStream(false);

  void it('auto picks live only on a TTY outside CI', () => {
    assert.equal(selectRenderer({ stream: tty, env: {}, quiet: false }), 'live');
    assert.equal(selectRenderer({ stream: tty, env: { CI: 'false' }, quiet: false }), 'live');
    assert.equal(selectRenderer({ stream: tty, env: { CI: 'true' }, quiet: false }), 'plain');
    assert.equal(selectRenderer({ stream: tty, env: { CI: '1' }, quiet: false, renderer: 'auto' }), 'plain');
    assert.equal(selectRenderer({ stream: pipe, env: {}, quiet: false }), 'plain');
  });

  void it('honours an explicit renderer, and quiet always renders plain', async () => {
    assert.equal(selectRenderer({ stream: pipe, env: {}, quiet: false, renderer: 'live' }), 'live');
    assert.equal(selectRenderer({ stream: tty, env: {}, quiet: false, renderer: 'plain' }), 'plain');
    assert.equal(selectRenderer({ stream: tty, env: {}, quiet: true, renderer: 'live' }), 'plain');
    assert.ok((await createTerminalReporter({ stream: tty, env: {}, quiet: false })) instanceof LiveReporter);
    assert.ok((await createTerminalReporter({ stream: tty, env: { CI: 'true' }, quiet: false })) instanceof PlainReporter);
  });

  void it('decides colour from FORCE_COLOR, NO_COLOR, the stream and TERM', () => {
    assert.equal(colorEnabled(tty, {}), true);
    assert.equal(colorEnabled(pipe, {}), false);
    assert.equal(colorEnabled(tty, { NO_COLOR: '1' }), false);
    assert.equal(colorEnabled(tty, { TERM: 'dumb' }), false);
    assert.equal(colorEnabled(pipe, { FORCE_COLOR: '1' }), true);
    assert.equal(colorEnabled(tty, { FORCE_COLOR: '0' }), false);
    assert.equal(colorEnabled(pipe, { FORCE_COLOR: '1', NO_COLOR: '1' }), true);
  });
});
