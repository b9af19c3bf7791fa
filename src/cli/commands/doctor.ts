// isocheck doctor: is everything here that the scenarios need, and if not, the one thing missing
// and how to get it. Exit 0 when the engine works, 3 when it does not.
import { ExitCode, IsocheckError } from '../../errors.js';
import { oneLine } from '../../format/escape.js';
import { execaSpawn } from '../../execute/spawn.js';
import { withEnv } from '../../execute/spawn-env.js';
import { engineTimeoutMs, type DetectedEngine } from '../../plan/engine.js';
import { createDriver } from '../../engine/index.js';
import type { EngineTarget } from '../../engine/types.js';
import { displayEndpoint } from '../../engine/locality.js';
import type { HostFacts } from '../../plan/requirements.js';
import { resolveTargets, type TargetOpts } from '../targets.js';
import { planScenarios } from '../../plan/plan.js';
import { detectHostFacts } from '../../plan/host.js';
import { describeWindowsProbe } from '../../plan/windows-requirements.js';
import { SCENARIOS_DIR } from '../../paths.js';
import { validatePaths } from '../../validate/index.js';
import type { CliIO } from '../io.js';

/** How to get what a skip reason says is missing. */
export function remedy(reason: string): string {
  if (/no hypervisor|Windows build|no value for .*engine\./.test(reason)) return 'see the reason above; README "Running on Windows" lists which image tags fit which host';
  if (/Windows host/.test(reason)) return 'run it on Windows (Server or 10/11 with Hyper-V) with Docker; isocheck runs there unchanged';
  if (/Windows engine/.test(reason)) return 'switch Docker to Windows containers';
  if (/Linux host|Linux engine/.test(reason)) return 'run it on a Linux host with Docker Engine';
  if (/runsc|gVisor|sandbox/.test(reason)) return 'install gVisor and register it: sudo bash scripts/provision-engine.sh (Debian/Ubuntu)';
  if (/Kata|VM runtime/.test(reason)) return 'install Kata Containers and register it as a runtime in /etc/docker/daemon.json';
  if (/root/.test(reason)) return 'run isocheck as root (sudo)';
  if (/another host or VM/.test(reason)) return 'run isocheck on the machine where the engine runs (not against a remote or Docker Desktop VM engine)';
  return 'see README "Isolation modes"';
}

export async function main(_paths: string[], opts: { engineTimeout?: string } & TargetOpts, io: CliIO): Promise<number> {
  // Host names, engine answers and error messages are the system's: each line is shown escaped.
  const w = (s: string): void => void io.stdout.write(`${oneLine(s)}\n`);
  const timeoutMs = engineTimeoutMs(opts.engineTimeout, io.env);
  const targets = await resolveTargets(opts, io.cwd);
  const host = await detectHostFacts(execaSpawn);
  w(`host:      ${host.os} (${host.hostname})${host.root ? ', root' : ', not root'}`);
  if (host.windows !== undefined) w(`windows:   ${describeWindowsProbe(host.windows)}`);
  const contexts = await dockerContexts(io);
  if (contexts.length > 0) w(`contexts:  ${contexts.join(', ')}`);
  // Asked at once; printed in the order given.
  const checked = await Promise.all(targets.map((t) => checkTarget(t, host, timeoutMs, io)));
  let ok = true;
  for (const [i, c] of checked.entries()) {
    if (targets.length > 1 && i > 0) w(''); // a line of its own: w() escapes a newline inside a line
    if (targets.length > 1) w(`target:    ${c.target.name} (${c.target.kind})`);
    for (const l of c.lines) w(l);
    ok &&= c.engine !== null;
  }
  return ok ? ExitCode.ok : ExitCode.environment;
}

/** The docker CLI's contexts, the current one starred (none when the CLI is missing or has none). */
async function dockerContexts(io: CliIO): Promise<string[]> {
  const driver = createDriver({ name: 'local', kind: 'docker' }, io.env);
  const r = await withEnv(execaSpawn, io.env)({ argv: [driver.cli[0] ?? 'docker', 'context', 'ls', '--format', '{{json .}}'], timeoutMs: 5000 });
  if (r.exitCode !== 0) return [];
  const out: string[] = [];
  for (const l of r.stdout.split('\n')) {
    try {
      const c = JSON.parse(l) as { Name?: unknown; Current?: unknown; DockerEndpoint?: unknown };
      if (typeof c.Name === 'string') out.push(`${c.Name}${c.Current === true ? '*' : ''}${typeof c.DockerEndpoint === 'string' ? ` (${displayEndpoint(c.DockerEndpoint)})` : ''}`);
    } catch {
      // not a context row
    }
  }
  return out;
}

function fixFor(kind: string, host: HostFacts): string {
  if (host.os !== 'linux') return `install and start ${kind === 'podman' ? 'Podman' : 'Docker'}`;
  return kind === 'podman'
    ? 'sudo bash scripts/provision-podman.sh (installs and configures rootful Podman with gVisor on Debian/Ubuntu)'
    : 'sudo bash scripts/provision-engine.sh (installs and starts Docker Engine and gVisor on Debian/Ubuntu)';
}

async function checkTarget(target: EngineTarget, host: HostFacts, timeoutMs: number, io: CliIO): Promise<{ target: EngineTarget; engine: DetectedEngine | null; lines: string[] }> {
  const lines: string[] = [];
  const w = (s: string): void => void lines.push(s);
  const driver = createDriver(target, io.env);
  const docker = driver.cli.join(' ');
  let engine: DetectedEngine | null = null;
  let failure: IsocheckError | undefined;
  try {
    engine = await driver.detect(withEnv(execaSpawn, io.env), { timeoutMs });
  } catch (e) {
    if (!(e instanceof IsocheckError)) throw e;
    failure = e;
  }
  if (engine === null) {
    const noCli = failure?.code === `${driver.kind}-not-found`;
    w(`${`${driver.kind}:`.padEnd(11)}${noCli ? `✖ ${failure?.message ?? ''}` : `✔ ${docker}`}`);
    if (!noCli) w(`engine:    ✖ ${failure?.message ?? 'unknown error'}`);
    w(`fix:       ${fixFor(driver.kind, host)}`);
  } else {
    const f = engine.facts;
    w(`${`${driver.kind}:`.padEnd(11)}✔ ${docker}`);
    w(`engine:    ✔ ${f.osType} ${f.version}${f.operatingSystem ? ` on ${f.operatingSystem}` : ''}`);
    w(`endpoint:  ${displayEndpoint(engine.locality.endpoint) || 'default'} (${engine.locality.local ? 'local: host view from this machine' : 'remote: host view through a probe container on the engine'})`);
    if (f.rootless) w('rootless:  yes: host-process steps, gVisor (sandbox) and the runtime view are skipped (they need rootful Podman); run and top still work');
    w(`runtimes:  ${f.runtimes.join(', ') || '-'}${f.defaultRuntime ? ` (default ${f.defaultRuntime})` : ''}`);
    if (f.osType === 'windows') w(`isolation: default ${f.defaultIsolation ?? 'unknown'}`);
    if (f.cgroupVersion) w(`cgroup:    v${f.cgroupVersion}${f.cgroupDriver ? ` (${f.cgroupDriver})` : ''}`);
  }
  const report = await validatePaths([SCENARIOS_DIR], { cwd: io.cwd });
  w('');
  w('shipped scenarios:');
  for (const input of planScenarios(report.scenarios, host, engine)) {
    const reason = input.skipReason ?? (engine === null ? 'the engine is not reachable' : undefined);
    if (reason === undefined) w(`  ✔ ${input.scenario.name}: can run here`);
    else {
      const first = reason.split('; ')[0] ?? reason;
      w(`  ✖ ${input.scenario.name}: ${first}`);
      w(`      how: ${remedy(first)}`);
    }
  }
  return { target, engine, lines };
}
