// The run-wide pull phase: before any scenario starts, every image the selected scenarios need is
// made present once — one `docker pull` per distinct image, each with its own generous timeout
// (base images can be gigabytes: Windows servercore is ~1.5 GB compressed), with progress events —
// so no pull ever happens inside a run step's timeout. Per run step, `pull:` says how:
//   missing (default)  pull only when `docker image inspect` does not find it (a local-only image
//                      such as isocheck/busybox:local is never pulled);
//   always             pull every run;
//   never              never pull; a missing image skips the scenario, naming the docker pull command.
// A failed pull is a clear error for the scenarios that need the image, never a hang. Afterwards
// run steps pass `--pull=never` (when the docker CLI has that flag) so `docker run` cannot pull.
import { interpolate } from '../format/interpolate.js';
import { resolveVars } from '../plan/engine-vars.js';
import type { PullPolicy } from '../types.js';
import type { RunOptions } from './context.js';
import type { ScenarioRef } from './events.js';
import { unstartedScenario, type ScenarioResult } from './results.js';
import type { ScenarioInput } from './scenario.js';
import type { SpawnResult } from './spawn.js';

export const DEFAULT_PULL_TIMEOUT_MS = 30 * 60_000;
const INSPECT_TIMEOUT_MS = 60_000;

// An image reference as docker's distribution/reference grammar has it (registry host[:port]/,
// lower-case path components, :tag, @digest). Anything else is left to `docker run`, which reports
// it as an invalid reference in the step: there is nothing to pull. Length-capped before matching;
// the separators are disjoint from the name characters, so matching is linear.
const REFERENCE = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::\w[\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$/;

export function isImageReference(image: string): boolean {
  return image.length <= 512 && REFERENCE.test(image);
}

/** The images a scenario needs that are known before it starts, with the run steps' policies. */
export function imagesOf(input: ScenarioInput, o: Pick<RunOptions, 'engine' | 'vars'>): Map<string, PullPolicy[]> {
  const out = new Map<string, PullPolicy[]>();
  if (input.skipReason !== undefined) return out;
  const values = resolveVars(input.scenario, o.engine, o.vars).values;
  for (const st of input.scenario.steps) {
    if (st.kind !== 'run') continue;
    const image = interpolate(st.image, (n) => (Object.hasOwn(values, n) ? values[n] : undefined));
    // Known only at run time (a captured value), or refused by the run step: not pre-pulled.
    if (image.missing.length > 0 || !isImageReference(image.value)) continue;
    out.set(image.value, [...(out.get(image.value) ?? []), st.pull ?? 'missing']);
  }
  return out;
}

function firstLine(r: SpawnResult): string {
  const text = r.spawnError ?? (r.timedOut ? 'timed out' : r.stderr.trim() || r.stdout.trim() || `exit code ${String(r.exitCode)}`);
  return text.split('\n').map((l) => l.trim()).filter(Boolean).pop() ?? text;
}

export interface PullPhase {
  /** Images present after the phase (run steps may use --pull=never for them). */
  pulled: ReadonlySet<string>;
  /** Run one scenario, or report it skipped / errored because of its images. */
  run(input: ScenarioInput, runScenario: (input: ScenarioInput, o: RunOptions) => Promise<ScenarioResult>): Promise<ScenarioResult>;
}

export async function prePull(inputs: readonly ScenarioInput[], o: RunOptions): Promise<PullPhase> {
  const needs = inputs.map((i) => imagesOf(i, o));
  const all = new Map<string, PullPolicy[]>();
  for (const m of needs) for (const [img, ps] of m) all.set(img, [...(all.get(img) ?? []), ...ps]);
  const present = new Set<string>();
  const failed = new Map<string, string>();
  for (const [image, policies] of all) {
    if (o.signal.aborted) break;
    const always = policies.includes('always');
    if (!always) {
      const r = await o.spawn({ argv: o.engine.driver.imageInspectArgv(image), timeoutMs: INSPECT_TIMEOUT_MS, signal: o.signal });
      if (r.exitCode === 0) {
        present.add(image);
        continue;
      }
      if (!policies.includes('missing')) continue; // only `never`: not present, not pulled
    }
    const timeoutMs = o.pullTimeoutMs ?? DEFAULT_PULL_TIMEOUT_MS;
    o.emit({ type: 'pull:start', image });
    const r = await o.spawn({ argv: o.engine.driver.pullArgv(image), timeoutMs, signal: o.signal });
    const ok = r.exitCode === 0;
    const why = ok ? '' : r.timedOut ? `did not finish within ${Math.round(timeoutMs / 1000)}s (--pull-timeout)` : firstLine(r);
    o.emit({ type: 'pull:end', image, ok, durationMs: r.durationMs, ...(ok ? {} : { message: why }) });
    if (ok) present.add(image);
    else failed.set(image, why);
  }
  const supportsPullFlag = present.size > 0 && (await runHasPullFlag(o));
  const pulled: ReadonlySet<string> = supportsPullFlag ? present : new Set();
  return {
    pulled,
    async run(input, runScenario) {
      const mine = needs[inputs.indexOf(input)] ?? new Map<string, PullPolicy[]>();
      const skips: string[] = [];
      const errors: string[] = [];
      for (const [image, policies] of mine) {
        if (present.has(image)) continue;
        const err = failed.get(image);
        if (err !== undefined && policies.some((p) => p !== 'never')) errors.push(`${o.engine.driver.kind} pull ${image} failed: ${err}`);
        else if (policies.includes('never')) skips.push(`image ${image} is not present and its run step says pull: never; pull it first: ${o.engine.driver.kind} pull ${image}`);
      }
      if (errors.length === 0 && skips.length === 0) return runScenario(input, { ...o, pulled });
      if (errors.length === 0) return runScenario({ ...input, skipReason: skips.join('; ') }, o);
      return pullFailed(input, errors.join('; '), o);
    },
  };
}

/** Whether this docker CLI has `docker run --pull` (added in 20.10): older ones would refuse the flag. */
async function runHasPullFlag(o: RunOptions): Promise<boolean> {
  const r = await o.spawn({ argv: [...o.engine.driver.cli, 'run', '--help'], timeoutMs: INSPECT_TIMEOUT_MS, signal: o.signal });
  return r.exitCode === 0 && /^\s*--pull\b/m.test(r.stdout);
}

function pullFailed(input: ScenarioInput, message: string, o: RunOptions): ScenarioResult {
  const ref: ScenarioRef = { key: input.file, file: input.file, name: input.scenario.name };
  const result = unstartedScenario(input.file, input.scenario, 'error', `not run: ${message}`);
  o.emit({ type: 'scenario:start', scenario: ref });
  o.emit({ type: 'scenario:end', scenario: ref, result });
  return result;
}
