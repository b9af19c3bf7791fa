import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fence, mdText, renderMarkdown } from '../../src/report/files/markdown.js';
import type { RunResult } from '../../src/execute/results.js';
import { ENVIRONMENT_ERROR, FAILED, FAILED_B, INTERRUPTED, NASTY, PASSED, copy } from '../fixtures/results/replayed.js';

const failedRun = (r = FAILED): RunResult => r.result;
const W = FAILED.world;
const short = (id: string): string => id.slice(0, 12);

/** The fenced block right after `marker` (its content), or undefined. */
function blockAfter(md: string, marker: string, lang: string): string | undefined {
  const at = md.indexOf(marker);
  if (at < 0) return undefined;
  const m = new RegExp('```' + lang + '\\n([\\s\\S]*?)\\n```').exec(md.slice(at));
  return m?.[1];
}

void describe('Markdown transcript', () => {
  const md = renderMarkdown(failedRun(), { normalize: false });

  void it('puts the environment at the top and links the source with its section', () => {
    const env = md.indexOf('## Environment');
    assert.ok(env > 0 && env < md.indexOf('## ✖ Sandbox isolation'), 'environment before the scenarios');
    assert.match(md, /- isocheck: \d+\.\d+\.\d+/);
    assert.match(md, /- Engine: Docker 20\.10\.24\+dfsg1 — linux, Debian GNU\/Linux 12 \(bookworm\)/);
    assert.match(md, /- Runtimes: io\.containerd\.runc\.v2, io\.containerd\.runtime\.v1\.linux, runc, runsc \(default runc\)/);
    assert.match(md, /Source: \[Hyper-V 隔离\]\(https:\/\/learn\.microsoft\.com\/\S+hyperv-container#isolation-explanation\)/);
  });

  void it('shows each step: the command as typed (quoted), its real output fenced, the expectations', () => {
    const runCmd = blockAfter(md, '4. sbx: Start ping in a gVisor container', 'sh');
    // isocheck's own name and io.isocheck.* labels are left out: the command as a reader would type it.
    // --pull=never stays: it changes what docker run does (the pull phase made the image present first).
    assert.equal(runCmd, `docker run --detach --runtime=runsc --pull=never isocheck/busybox:local ping 127.0.0.1`);
    assert.equal(blockAfter(md, '4. sbx: Start ping', 'text'), W.runsc);
    const table = blockAfter(md, '2. proc-top: docker top lists ping', 'text');
    assert.match(table ?? '', /^UID +PID +PPID/);
    assert.match(table ?? '', new RegExp(`root +${W.runcPing} +\\d+ `));
    assert.match(md, new RegExp(`- ✔ a process in the container's table named ping, within 5s — found PID ${W.runcPing} ping 127\\.0\\.0\\.1`));
  });

  void it('quotes arguments with spaces and metacharacters for display', () => {
    const r = copy(PASSED.result);
    const st = r.scenarios[0]?.steps[0];
    assert.ok(st);
    st.commands = [{ ...st.commands[0], argv: ['docker', 'exec', 'c', 'sh', '-c', 'ps -o pid,args | grep ping'] } as (typeof st.commands)[number]];
    assert.match(renderMarkdown(r, { normalize: false }), /\n```sh\ndocker exec c sh -c 'ps -o pid,args \| grep ping'\n```/);
  });

  void it('marks the failed step with ✖ and gives expected and found', () => {
    assert.match(md, /#### ✖ 6\. sbx-host-ping: No host process of the sandboxed container runs ping \(\d+(\.\d+)?m?s\)/);
    const sbx = short(W.runsc);
    assert.match(md, new RegExp(`- ✖ no host process of container sbx \\(${sbx}\\) named ping, for 150ms — because ping runs on gVisor's kernel, not the host's\\n {2}- expected: no host process of container sbx \\(${sbx}\\) named ping\\n {2}- found: PID ${W.leakedPing} /tmp/isocheck-replay-bin/ping 127\\.0\\.0\\.2 \\(owned by sbx ${sbx}\\)`));
    assert.match(md, /#### ↓ 7\. sbx-host-sandbox: .*\n\n_not run: an earlier step did not pass_/);
    assert.match(md, /_view: runtime \(runsc ps\) — engine top listed PIDs 1, which are not this container's processes on the host; using the runtime \(runsc ps\) instead_/);
  });

  void it('lists skipped scenarios with their reason and ends with the summary line', () => {
    assert.match(md, /## ↓ Hyper-V isolation \(Windows\)[\s\S]*Skipped: requires a Windows host/);
    assert.match(md.trimEnd().split('\n').at(-1) ?? '', /^0 passed, 1 failed, 1 skipped \(\d+(\.\d+)?m?s\)$/);
  });

  void it('says when the run was interrupted or could not use the engine', () => {
    const intr = renderMarkdown(INTERRUPTED.result, { normalize: false });
    assert.match(intr, /\*\*interrupted\*\*/);
    assert.match(intr, /Interrupted by SIGINT: the run stopped early/);
    assert.match(intr, /Not run: interrupted before it started/);
    const env = renderMarkdown(ENVIRONMENT_ERROR.result, { normalize: false });
    assert.match(env, /\*\*environment-error\*\*/);
    assert.match(env, /Engine error: the Docker engine is not reachable: Cannot connect to the Docker daemon/);
  });

  void it('uses the scenario name as title when the run has one scenario', () => {
    assert.match(renderMarkdown(PASSED.result, { normalize: false }), /^# Sandbox isolation on Linux \(runc vs gVisor\)\n/);
    assert.match(md, /^# isocheck run\n/);
  });

  void it('removes ANSI sequences and shows control characters in output', () => {
    const nasty = renderMarkdown(NASTY.result, { normalize: false });
    assert.equal(blockAfter(nasty, '1. echo: Print awkward text', 'text'), 'a < b && c > d\n<![CDATA[ x ]]> end\nbell\\x01here red\ttab "q" \'a\'');
    assert.ok(!nasty.includes('\u001b') && !nasty.includes('\u0001'));
    assert.match(nasty, /- ✖ error `command-failed`: the command exited with code 1: a \\< b && c \\> d/);
  });

  void it('escapes prose and picks a fence longer than any backticks inside', () => {
    assert.equal(mdText('a <b> *c* [d] `e` |f_ #1'), 'a \\<b\\> \\*c\\* \\[d\\] \\`e\\` \\|f\\_ \\#1');
    assert.equal(fence('x ``` y', 'text'), '````text\nx ``` y\n````');
  });
});

void describe('Markdown transcript, normalized', () => {
  void it('is identical for two runs that differ only in ids, PIDs, times and durations', () => {
    const a = renderMarkdown(failedRun(FAILED), { normalize: true });
    const b = renderMarkdown(failedRun(FAILED_B), { normalize: true });
    assert.notEqual(renderMarkdown(failedRun(FAILED), { normalize: false }), renderMarkdown(failedRun(FAILED_B), { normalize: false }));
    assert.equal(a, b);
    for (const v of [FAILED.world, FAILED_B.world]) {
      for (const volatile of [v.runc, v.runsc.slice(0, 12), String(v.runcPing), String(v.leakedPing)]) {
        assert.ok(!a.includes(volatile), `${volatile} left in the transcript`);
      }
    }
  });

  void it('maps the same container id to the same placeholder everywhere', () => {
    const md = renderMarkdown(failedRun(), { normalize: true });
    assert.match(md, /\| proc \| \\<id:proc\\> \| process \|/);
    assert.match(md, /\| sbx \| \\<id:sbx\\> \| sandbox \|/);
    assert.equal(blockAfter(md, '1. proc: Start ping', 'text'), '<id:proc>');
    assert.equal(blockAfter(md, '4. sbx: Start ping', 'text'), '<id:sbx>');
    // the 12-character prefix in messages and process tables is the same container; a host PID
    // no capture names is numbered within the step that first shows it (s1: the first scenario of the run)
    assert.match(md, /found: PID \\<host-pid:s1\.6\.1\\> \/tmp\/isocheck-replay-bin\/ping 127\.0\.0\.2 \(owned by sbx \\<id:sbx\\>\)/);
    // the CONTAINER cell ("proc 3f2a…") keeps its column
    assert.match(blockAfter(md, '3. proc-host', 'text') ?? '', /\n<pid:procPid> +<host-pid:s1\.2\.1> +ping +proc <id:proc> +ping/);
    assert.match(md, /Captured: `procPid` = `<pid:procPid>`/);
    assert.match(md, /started <time>/);
    assert.match(md, /\(<duration>\)\n*$/);
  });
});
