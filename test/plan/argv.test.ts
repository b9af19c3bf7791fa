import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { containerName, execArgv, LABEL, runArgv as planRunArgv, StepInputError, type ArgvContext } from '../../src/plan/argv.js';
import type { RunStep as Step } from '../../src/types.js';
import { dockerDriver } from './engines.js';

/** The argv the Docker driver makes of a run step (no run options here: always ok). */
function runArgv(step: Step, id: string, flags: readonly string[], c: ArgvContext): string[] {
  const r = planRunArgv(step, id, flags, c);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return r.argv;
}
const topArgv = (docker: string, id: string): string[] => dockerDriver(docker).topArgv(id);
const removeArgv = (docker: string, ids: string[]): string[] => dockerDriver(docker).removeArgv(ids);
const listByLabelArgv = (docker: string, label: string): string[] => dockerDriver(docker).listByLabelArgv(label);
import { interpolate } from '../../src/format/interpolate.js';
import type { ExecStep, RunStep } from '../../src/types.js';

const HOSTILE: readonly string[] = [
  '; touch x',
  '$(touch x)',
  '`touch x`',
  'a\nb',
  '--privileged',
  '-v /:/host',
  '-v=/:/host',
  "it's \"quoted\" \\ back",
  'x'.repeat(10_000),
  'Ünïcödé ✓ 日本語 🙂',
  '',
  ' ',
  '&& reboot',
  '| cat /etc/shadow',
  '> /etc/passwd',
  '*',
  '${notAVar}',
];

function ctx(values: Record<string, string> = {}): ArgvContext {
  return {
    driver: dockerDriver(),
    runId: 'r1',
    scenarioFile: 'scenarios/linux/sandbox-isolation.yaml',
    scenarioIndex: 2,
    runnerPid: 4242,
    hostname: 'h',
    value: (t) => {
      const r = interpolate(t, (n) => (Object.hasOwn(values, n) ? values[n] : undefined));
      if (r.missing.length > 0) throw new StepInputError('unknown-value', `no value for ${r.missing[0]}`);
      return r.value;
    },
    container: (id) => `<container id: ${id}>`,
  };
}

/** The elements after the image, i.e. the container's own argv. */
function afterImage(argv: string[], image: string): string[] {
  const i = argv.indexOf(image);
  assert.ok(i > 0, `image ${image} not in ${JSON.stringify(argv)}`);
  return argv.slice(i + 1);
}

void describe('runArgv', () => {
  const step: RunStep = { kind: 'run', image: 'busybox', command: ['ping', '127.0.0.1'] };

  void it('starts detached with a predictable name and all isocheck labels', () => {
    const argv = runArgv(step, 'sbx', [], ctx());
    assert.deepEqual(argv.slice(0, 3), ['docker', 'run', '--detach']);
    assert.ok(argv.includes(`--name=${containerName(ctx(), 'sbx')}`));
    assert.equal(containerName(ctx(), 'sbx'), 'isocheck-r1-2-sbx');
    for (const label of [
      `--label=${LABEL.run}=r1`,
      `--label=${LABEL.scenario}=scenarios/linux/sandbox-isolation.yaml`,
      `--label=${LABEL.step}=sbx`,
      `--label=${LABEL.pid}=4242`,
      `--label=${LABEL.host}=h`,
    ]) {
      assert.ok(argv.includes(label), `${label} missing from ${JSON.stringify(argv)}`);
    }
    assert.deepEqual(afterImage(argv, 'busybox'), ['ping', '127.0.0.1']);
  });

  void it('the label names are the documented io.isocheck.* keys', () => {
    assert.deepEqual(LABEL, { run: 'io.isocheck.run', scenario: 'io.isocheck.scenario', step: 'io.isocheck.step', pid: 'io.isocheck.pid', host: 'io.isocheck.host', started: 'io.isocheck.started' });
  });

  void it('puts isolation flags and env before the image', () => {
    const argv = runArgv({ ...step, env: { A: '1' } }, 's', ['--runtime=runsc'], ctx());
    const img = argv.indexOf('busybox');
    assert.ok(argv.indexOf('--runtime=runsc') < img);
    assert.ok(argv.indexOf('--env=A=1') < img);
    assert.equal(argv.length, img + 3);
  });

  for (const h of HOSTILE) {
    void it(`a hostile command value stays one element: ${JSON.stringify(h.length > 30 ? `${h.slice(0, 30)}… (${h.length} chars)` : h)}`, () => {
      // Through a var (a value containing "${" is not interpolated again) and, when it has no
      // reference of its own, given literally.
      const viaVar = runArgv({ ...step, command: ['echo', '${v}'] }, 's', [], ctx({ v: h }));
      assert.deepEqual(afterImage(viaVar, 'busybox'), ['echo', h]);
      // The hostile value adds no element anywhere else.
      assert.equal(viaVar.length, runArgv({ ...step, command: ['echo', 'plain'] }, 's', [], ctx()).length);
      if (!h.includes('${')) {
        const lit = runArgv({ ...step, command: ['sh', h, 'end'] }, 's', [], ctx());
        assert.deepEqual(afterImage(lit, 'busybox'), ['sh', h, 'end']);
      }
    });
  }

  void it('${notAVar} in a command is an unknown value at run time, not passed along', () => {
    assert.throws(() => runArgv({ ...step, command: ['${notAVar}'] }, 's', [], ctx()), (e: unknown) => e instanceof StepInputError && e.code === 'unknown-value');
  });

  void it('env values become single --env=K=V elements, however hostile', () => {
    for (const h of HOSTILE) {
      const argv = runArgv({ ...step, env: { K: '${v}', PLAIN: 'p' } }, 's', [], ctx({ v: h }));
      const envs = argv.filter((a) => a.startsWith('--env='));
      assert.deepEqual(envs, [`--env=K=${h}`, '--env=PLAIN=p']);
      assert.deepEqual(afterImage(argv, 'busybox'), ['ping', '127.0.0.1']);
    }
  });

  void it('an image that starts with "-" after interpolation is refused (option-like-value)', () => {
    for (const image of ['--privileged', '-v /:/host', '-it']) {
      assert.throws(
        () => runArgv({ ...step, image: '${img}' }, 's', [], ctx({ img: image })),
        (e: unknown) => e instanceof StepInputError && e.code === 'option-like-value' && e.message.includes(image),
      );
    }
  });

  void it('an image with hostile characters that does not start with "-" is one element', () => {
    const image = 'busybox; touch x $(id)';
    const argv = runArgv({ ...step, image: '${img}' }, 's', [], ctx({ img: image }));
    assert.equal(argv.filter((a) => a === image).length, 1);
    assert.deepEqual(afterImage(argv, image), ['ping', '127.0.0.1']);
  });

  void it('a run step without command ends with the image', () => {
    const argv = runArgv({ kind: 'run', image: 'busybox' }, 's', [], ctx());
    assert.equal(argv.at(-1), 'busybox');
  });
});

void describe('execArgv', () => {
  void it('runs the command after the container id, each value one element', () => {
    const id = 'a'.repeat(64);
    for (const h of HOSTILE) {
      const step: ExecStep = { kind: 'exec', container: 'sbx', command: ['ps', '${v}'] };
      assert.deepEqual(execArgv(step, id, ctx({ v: h })), ['docker', 'exec', id, 'ps', h]);
      if (!h.includes('${')) assert.deepEqual(execArgv({ ...step, command: ['ps', h] }, id, ctx()), ['docker', 'exec', id, 'ps', h]);
    }
  });
});

void describe('topArgv, removeArgv, listByLabelArgv', () => {
  void it('top names the container only', () => {
    assert.deepEqual(topArgv('/usr/bin/docker', 'abc'), ['/usr/bin/docker', 'top', 'abc']);
  });

  void it('remove forces and removes volumes, one element per id', () => {
    assert.deepEqual(removeArgv('docker', ['a', 'b']), ['docker', 'rm', '--force', '--volumes', 'a', 'b']);
  });

  void it('list filters by label, with full ids', () => {
    const argv = listByLabelArgv('docker', 'io.isocheck.run=r1');
    assert.deepEqual(argv.slice(0, 4), ['docker', 'ps', '--all', '--no-trunc']);
    assert.equal(argv[argv.indexOf('--filter') + 1], 'label=io.isocheck.run=r1');
  });
});
