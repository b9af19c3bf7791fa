// The engines beside the local Docker Engine that e2e tests use, set up by
// scripts/provision-engine.sh (it runs provision-second-engine.sh and provision-podman.sh):
// a second Docker Engine in its own PID, mount, network and UTS namespaces, and rootful Podman.
// Same rule as requireEngine: in CI (CI=true) a missing engine FAILS the test; elsewhere it skips.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { IMAGE } from './engine.js';

export const E2_HOST = 'unix:///run/isocheck-e2/docker.sock';
export const E2_CONTEXT = 'isocheck-e2';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Run {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 60_000, env });
  // A missing command is reported as spawn's error, with no exit code.
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.error ? r.error.message : (r.stderr ?? '') };
}

/** The docker CLI against the second engine (DOCKER_HOST wins; a DOCKER_CONTEXT would conflict). */
export function e2(args: string[]): Run {
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: E2_HOST };
  delete env.DOCKER_CONTEXT;
  return run('docker', args, env);
}

export function podman(args: string[]): Run {
  return run('podman', args);
}

const firstLine = (r: Run): string => r.stderr.trim().split('\n')[0] ?? '';

let e2Cached: string | undefined | null = null;
/** Why the second engine cannot be used, or undefined when it can. */
export function secondEngineProblem(): string | undefined {
  if (e2Cached !== null) return e2Cached;
  const info = e2(['info', '--format', '{{json .Runtimes}}']);
  const ctx = run('docker', ['context', 'inspect', E2_CONTEXT, '--format', '{{.Endpoints.docker.Host}}']);
  if (info.code !== 0) e2Cached = `second engine not reachable on ${E2_HOST}: ${firstLine(info)}`;
  else if (!info.stdout.includes('"runsc"')) e2Cached = 'runsc is not registered with the second engine';
  else if (e2(['image', 'inspect', IMAGE]).code !== 0) e2Cached = `image ${IMAGE} is missing on the second engine`;
  else if (ctx.stdout.trim() !== E2_HOST) e2Cached = `docker context ${E2_CONTEXT} does not point at ${E2_HOST}`;
  else e2Cached = undefined;
  return e2Cached;
}

let podmanCached: string | undefined | null = null;
/** Why Podman cannot be used, or undefined when it can. */
export function podmanProblem(): string | undefined {
  if (podmanCached !== null) return podmanCached;
  const info = podman(['info', '--format', '{{.Host.Security.Rootless}}']);
  if (info.code === null) podmanCached = `podman CLI not runnable: ${info.stderr}`;
  else if (info.code !== 0) podmanCached = `podman info failed: ${firstLine(info)}`;
  else if (info.stdout.trim() !== 'false') podmanCached = 'podman runs rootless; isocheck needs rootful Podman';
  else if (podman(['--runtime', 'runsc', 'info', '--format', '{{.Host.OCIRuntime.Name}}']).code !== 0) {
    podmanCached = 'podman has no runtime named runsc';
  } else if (podman(['image', 'exists', IMAGE]).code !== 0) podmanCached = `image ${IMAGE} is missing in Podman`;
  else podmanCached = undefined;
  return podmanCached;
}

function requireOr(t: TestContext, what: string, why: string | undefined): boolean {
  if (why === undefined) return true;
  if (process.env.CI && process.env.CI !== 'false') assert.fail(`end-to-end tests need ${what} in CI: ${why} (run scripts/provision-engine.sh)`);
  t.skip(`${what} not usable: ${why} (run scripts/provision-engine.sh)`);
  return false;
}

/** Call first in tests on the second engine: fails in CI, skips elsewhere, when it is not usable. */
export function requireSecondEngine(t: TestContext): boolean {
  return requireOr(t, 'the second Docker engine', secondEngineProblem());
}

/** Call first in tests on Podman: fails in CI, skips elsewhere, when it is not usable. */
export function requirePodman(t: TestContext): boolean {
  return requireOr(t, 'rootful Podman', podmanProblem());
}

const lines = (s: string): string[] => s.split('\n').filter((l) => l.trim() !== '');
const runFilter = (runId?: string): string => `label=io.isocheck.run${runId ? `=${runId}` : ''}`;

/** Containers on the second engine carrying an isocheck run label (optionally of one run). */
export function e2Containers(runId?: string): string[] {
  return lines(e2(['ps', '-aq', '--no-trunc', '--filter', runFilter(runId)]).stdout);
}

/** Podman containers carrying an isocheck run label (optionally of one run). */
export function podmanContainers(runId?: string): string[] {
  return lines(podman(['ps', '-aq', '--no-trunc', '--filter', runFilter(runId)]).stdout);
}

/** This host's PID of the second engine's dockerd (a dockerd whose argv names its socket). */
export function e2DaemonPid(): number | undefined {
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (fs.readFileSync(`/proc/${name}/comm`, 'utf8').trim() !== 'dockerd') continue;
      if (fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').includes(E2_HOST)) return Number(name);
    } catch {
      // Processes vanish between listing and reading.
    }
  }
  return undefined;
}
