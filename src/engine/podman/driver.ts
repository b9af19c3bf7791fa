// The Podman driver: podman's verbs and output formats, rootful on this machine by default, or a
// remote Podman through `--url URL` / `--connection NAME`. Every command is one argv; the
// target-selecting flags come first. Podman has no daemon: "the engine is gone" means its service
// socket (remote) stopped answering.
import { commonVerbs } from '../common-verbs.js';
import { runArgvOf } from '../flags.js';
import { isRegistered, mapIsolation } from '../isolation.js';
import { localityOf } from '../locality.js';
import { labeledRowFormat, parseLabeledRows } from '../labels.js';
import type { ContainerSpec, DetectedEngine, EngineDriver, EngineFacts, EngineTarget, IsolationMapping, Locality } from '../types.js';
import type { IsolationMode } from '../../types.js';
import type { Spawn } from '../../model/spawn.js';
import { podmanInfo } from './detect.js';
import { parsePodmanTop, TOP_DESCRIPTORS } from './top.js';

/** The podman CLI to use: ISOCHECK_PODMAN, else `podman` from PATH. */
export function podmanBinary(env: NodeJS.ProcessEnv = process.env): string {
  return env.ISOCHECK_PODMAN?.trim() || 'podman';
}

const ENGINE_GONE = /Cannot connect to Podman|unable to connect to Podman socket|podman\.sock: connect/i;
const NOT_PROCESS = /runsc|gvisor|kata|krun|firecracker|qemu/i;

/** Under Podman runsc keeps its default state root (Docker gives it one of its own). */
const RUNSC_ROOT = '/var/run/runsc';

/** `process` is Podman's default OCI runtime (crun or runc), unless that runtime is itself a sandbox. */
export function mapPodmanIsolation(mode: IsolationMode, runtime: string | undefined, engine: DetectedEngine): IsolationMapping {
  const f = engine.facts;
  const def = f.defaultRuntime ?? 'crun';
  const sandboxed = mode === 'sandbox' || (runtime !== undefined && NOT_PROCESS.test(runtime));
  if (f.rootless && sandboxed) return { ok: false, reason: 'gVisor under rootless Podman is not supported by isocheck: rootful Podman is required (run as root)' };
  if (runtime === undefined && f.osType === 'linux') {
    if (mode === 'default') return { ok: true, flags: [], runtime: def, describe: `Podman's default OCI runtime (${def})` };
    if (mode === 'process') {
      if (!NOT_PROCESS.test(`${def} ${engine.runtimePaths[def] ?? ''}`)) return { ok: true, flags: [], runtime: def, describe: `${def} (Podman's default OCI runtime)` };
      const alt = ['crun', 'runc'].find((n) => isRegistered(engine, n));
      if (alt === undefined) return { ok: false, reason: `process isolation needs crun or runc; Podman's default runtime is ${def} and neither is available` };
      return { ok: true, flags: [`--runtime=${alt}`], runtime: alt, describe: alt };
    }
  }
  const m = mapIsolation(mode, runtime, engine);
  if (!m.ok && mode === 'sandbox' && runtime === undefined && f.osType === 'linux') {
    return { ok: false, reason: 'sandbox isolation needs gVisor (runsc) registered with Podman ([engine.runtimes] in containers.conf); run sudo bash scripts/provision-podman.sh' };
  }
  return m;
}

/** Run options rootless Podman cannot apply (resource limits need cgroup v2 delegation). */
function rootlessProblem(spec: ContainerSpec, facts: EngineFacts | undefined): string | undefined {
  const o = spec.options ?? {};
  if (facts?.rootless !== true || facts.cgroupVersion === '2') return undefined;
  const limits = (['memory', 'cpus', 'pidsLimit'] as const).filter((k) => o[k] !== undefined);
  return limits.length > 0 ? `rootless Podman on cgroup v${facts.cgroupVersion ?? '?'} cannot apply ${limits.join(', ')} (resource limits need cgroup v2)` : undefined;
}

export function createPodmanDriver(target: EngineTarget, env: NodeJS.ProcessEnv = process.env): EngineDriver {
  const cli = [podmanBinary(env), ...(target.context !== undefined ? ['--connection', target.context] : []), ...(target.host !== undefined ? ['--url', target.host] : [])];
  const label = target.name === 'podman' ? '' : ` "${target.name}"`;
  let facts: EngineFacts | undefined; // from detect(): what runArgv may need to refuse
  const locality = (spawn: Spawn, opts: { timeoutMs: number; signal?: AbortSignal }): Promise<Locality> => podmanLocality(target, cli, env, spawn, opts);
  const driver: EngineDriver = {
    kind: 'podman',
    cli,
    locality,
    async detect(spawn, opts): Promise<DetectedEngine> {
      const where = await locality(spawn, opts);
      const info = await podmanInfo(spawn, cli, label, { ...opts, local: where.local, env });
      facts = info.facts;
      return {
        target, driver, locality: where, runtimePaths: info.runtimePaths, daemonHost: info.daemonHost,
        facts: { ...info.facts, ...(where.endpoint ? { endpoint: where.endpoint } : {}), ...(info.daemonHost ? { daemonHost: info.daemonHost } : {}) },
      };
    },
    mapIsolation: mapPodmanIsolation,
    runArgv(spec: ContainerSpec) {
      const problem = rootlessProblem(spec, facts);
      if (problem !== undefined) return { ok: false, reason: problem };
      // Podman's --read-only mounts writable tmpfs on /tmp, /run, /var/tmp unless told not to;
      // Docker's does not: the same scenario must mean the same container.
      return { ok: true, argv: runArgvOf(cli, spec, spec.options?.readOnly === true ? ['--read-only-tmpfs=false'] : []) };
    },
    topArgv: (id) => [...cli, 'top', id, ...TOP_DESCRIPTORS],
    parseTop: (stdout) => ({ processes: parsePodmanTop(stdout), hostPids: true }),
    runtimeViewArgvs(c, engine) {
      const rt = c.runtime;
      const bin = rt === undefined ? undefined : engine.runtimePaths[rt];
      // runsc is asked directly on this machine only, and only as root (its state is root's).
      if (rt === undefined || bin === undefined || !/runsc|gvisor/i.test(`${rt} ${bin}`) || !engine.locality.local || engine.facts.rootless) return [];
      return [[bin, '--root', RUNSC_ROOT, 'ps', c.id]];
    },
    // Without --time Podman waits 10 s for each container to stop before killing it. Without
    // --depend, removing a container another one joined (pid: container:<id>) fails when Podman
    // happens to take it first ("has dependent containers").
    removeArgv: (ids) => [...cli, 'rm', '--force', '--time', '0', '--volumes', '--depend', ...ids],
    listByLabelArgv: (l) => [...cli, 'ps', '--all', '--no-trunc', '--filter', `label=${l}`, '--format', labeledRowFormat('podman')],
    parseList: (stdout) => parseLabeledRows(stdout, 'podman ps'),
    isEngineGone: (text) => ENGINE_GONE.test(text),
    ...commonVerbs(cli),
  };
  return driver;
}

/**
 * Local unless a URL or connection says otherwise: `--url`/CONTAINER_HOST name an endpoint, and a
 * connection (`--connection`/CONTAINER_CONNECTION) is looked up in Podman's connection list.
 */
async function podmanLocality(target: EngineTarget, cli: readonly string[], env: NodeJS.ProcessEnv, spawn: Spawn, opts: { timeoutMs: number; signal?: AbortSignal }): Promise<Locality> {
  if (target.host !== undefined) return localityOf(target.host, `--url ${target.host}`);
  const conn = target.context ?? env.CONTAINER_CONNECTION?.trim();
  if (!conn) {
    const h = env.CONTAINER_HOST?.trim();
    return h ? localityOf(h, `CONTAINER_HOST ${h}`) : { local: true, endpoint: '', why: 'podman runs containers on this machine (no --url or --connection)' };
  }
  const r = await spawn({ argv: [cli[0] ?? 'podman', 'system', 'connection', 'list', '--format', 'json'], timeoutMs: opts.timeoutMs, ...(opts.signal ? { signal: opts.signal } : {}) });
  let uri: string | undefined;
  try {
    const rows = JSON.parse(r.stdout.trim() || '[]') as { Name?: unknown; URI?: unknown }[];
    const row = Array.isArray(rows) ? rows.find((c) => c.Name === conn) : undefined;
    uri = typeof row?.URI === 'string' ? row.URI : undefined;
  } catch {
    uri = undefined;
  }
  // An unknown connection fails `podman info` with Podman's own message; say remote meanwhile.
  return uri !== undefined ? localityOf(uri, `connection ${conn} (${uri})`) : { local: false, endpoint: `connection ${conn}`, why: `connection ${conn} is not in podman system connection list` };
}
