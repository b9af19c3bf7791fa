// End-to-end tests need the real Docker Engine with runc and runsc (scripts/provision-engine.sh).
// In CI (CI=true) a missing engine FAILS the test; elsewhere the test is skipped with the reason.
import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';

export const IMAGE = 'isocheck/busybox:local';

let cached: string | undefined | null = null;

/** Why the engine cannot be used, or undefined when it can. */
export function engineProblem(): string | undefined {
  if (cached !== null) return cached;
  const r = spawnSync('docker', ['info', '--format', '{{json .Runtimes}}'], { encoding: 'utf8', timeout: 10_000 });
  if (r.error) cached = `docker CLI not runnable: ${r.error.message}`;
  else if (r.status !== 0) cached = `engine not reachable: ${r.stderr.trim().split('\n')[0]}`;
  else if (!r.stdout.includes('"runsc"')) cached = 'runsc is not registered with the engine';
  else {
    const img = spawnSync('docker', ['image', 'inspect', IMAGE], { encoding: 'utf8' });
    cached = img.status === 0 ? undefined : `image ${IMAGE} is missing`;
  }
  return cached;
}

/** Call first in every e2e test: fails in CI, skips elsewhere, when the engine is not usable. */
export function requireEngine(t: TestContext): boolean {
  const why = engineProblem();
  if (why === undefined) return true;
  if (process.env.CI && process.env.CI !== 'false') assert.fail(`end-to-end tests need the real engine in CI: ${why} (run scripts/provision-engine.sh)`);
  t.skip(`no engine: ${why} (run scripts/provision-engine.sh)`);
  return false;
}

export function docker(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync('docker', args, { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Containers carrying an isocheck run label (optionally of one run). */
export function isocheckContainers(runId?: string): string[] {
  const r = docker(['ps', '-aq', '--no-trunc', '--filter', `label=io.isocheck.run${runId ? `=${runId}` : ''}`]);
  return r.stdout.split('\n').filter((l) => l.trim() !== '');
}

/** Host processes whose argv[0] is runsc-sandbox, mentioning the given container id. */
export function sandboxesOf(containerIds: readonly string[]): number[] {
  const r = spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return r.stdout
    .split('\n')
    .filter((l) => /runsc-(sandbox|gofer)/.test(l) && containerIds.some((id) => l.includes(id)))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
}
