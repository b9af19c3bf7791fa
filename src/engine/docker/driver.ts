// The Docker driver: the docker CLI's verbs and output formats, for a local daemon, a context or a
// DOCKER_HOST. Every command is one argv; the target-selecting flags come first.
import { parseDockerTop } from '../../parse/docker-top.js';
import { commonVerbs } from '../common-verbs.js';
import { runArgvOf } from '../flags.js';
import { mapIsolation } from '../isolation.js';
import { currentDockerContext, defaultDockerEndpoint, localityOf } from '../locality.js';
import { parseLabeledRows, labeledRowFormat } from '../labels.js';
import type { ContainerSpec, DetectedEngine, EngineDriver, EngineTarget, Locality } from '../types.js';
import { dockerInfo } from './detect.js';

/** The docker CLI to use: ISOCHECK_DOCKER, else `docker` from PATH. */
export function dockerBinary(env: NodeJS.ProcessEnv = process.env): string {
  return env.ISOCHECK_DOCKER?.trim() || 'docker';
}

const ENGINE_GONE = /Cannot connect to the Docker daemon|Is the docker daemon running|error during connect|docker\.sock: connect/i;

/** runsc's state roots under Docker: 20.10+ keeps it under the runc-shaped root; newer engines by runtime name. */
function runscRoots(runtime: string): string[] {
  return ['/var/run/docker/runtime-runc/moby', `/var/run/docker/runtime-${runtime}/moby`, '/run/docker/runtime-runc/moby'];
}

export function createDockerDriver(target: EngineTarget, env: NodeJS.ProcessEnv = process.env): EngineDriver {
  const cli = [dockerBinary(env), ...(target.context !== undefined ? ['--context', target.context] : []), ...(target.host !== undefined ? ['--host', target.host] : [])];
  const label = target.name === 'local' ? '' : ` "${target.name}"`;
  const driver: EngineDriver = {
    kind: 'docker',
    cli,
    async locality(spawn, opts): Promise<Locality> {
      if (target.host !== undefined) return localityOf(target.host, `--host ${target.host}`);
      const ctx = target.context ?? (env.DOCKER_HOST?.trim() ? undefined : currentDockerContext(env));
      if (ctx === undefined) return localityOf(env.DOCKER_HOST?.trim() ?? '', `DOCKER_HOST ${env.DOCKER_HOST?.trim() ?? ''}`);
      if (ctx === 'default') {
        const h = env.DOCKER_HOST?.trim();
        return h ? localityOf(h, `DOCKER_HOST ${h}`) : localityOf(defaultDockerEndpoint(), 'the default context');
      }
      // Only a named context costs a command: its endpoint is in the CLI's context store.
      const r = await spawn({ argv: [cli[0] ?? 'docker', 'context', 'inspect', ctx, '--format', '{{json .Endpoints.docker.Host}}'], timeoutMs: opts.timeoutMs, ...(opts.signal ? { signal: opts.signal } : {}) });
      let host: unknown;
      try {
        host = JSON.parse(r.stdout.trim() || 'null');
      } catch {
        host = undefined;
      }
      // An unknown context fails `docker info` below with the CLI's own message; say remote meanwhile.
      return typeof host === 'string' && r.exitCode === 0 ? localityOf(host, `context ${ctx} (${host})`) : { local: false, endpoint: `context ${ctx}`, why: `context ${ctx} could not be inspected` };
    },
    async detect(spawn, opts): Promise<DetectedEngine> {
      const [info, locality] = await Promise.all([dockerInfo(spawn, cli, label, opts), driver.locality(spawn, opts)]);
      return {
        target, driver, locality, runtimePaths: info.runtimePaths, daemonHost: info.daemonHost,
        facts: { ...info.facts, ...(locality.endpoint ? { endpoint: locality.endpoint } : {}), ...(info.daemonHost ? { daemonHost: info.daemonHost } : {}) },
      };
    },
    mapIsolation: (mode, runtime, engine) => mapIsolation(mode, runtime, engine),
    runArgv: (spec: ContainerSpec) => ({ ok: true, argv: runArgvOf(cli, spec) }),
    topArgv: (id) => [...cli, 'top', id],
    parseTop: (stdout, engine) => ({ processes: parseDockerTop(stdout, engine.facts.osType === 'windows' ? 'windows' : 'linux'), hostPids: false }),
    runtimeViewArgvs(c, engine) {
      const rt = c.runtime;
      const bin = rt === undefined ? undefined : engine.runtimePaths[rt];
      // runsc is asked directly on this machine only: on a remote engine its state is not here.
      if (rt === undefined || bin === undefined || !/runsc/.test(`${rt} ${bin}`) || !engine.locality.local) return [];
      return runscRoots(rt).map((root) => [bin, '--root', root, 'ps', c.id]);
    },
    removeArgv: (ids) => [...cli, 'rm', '--force', '--volumes', ...ids],
    listByLabelArgv: (l) => [...cli, 'ps', '--all', '--no-trunc', '--filter', `label=${l}`, '--format', labeledRowFormat()],
    parseList: (stdout) => parseLabeledRows(stdout, 'docker ps'),
    isEngineGone: (text) => ENGINE_GONE.test(text),
    ...commonVerbs(cli),
  };
  return driver;
}
