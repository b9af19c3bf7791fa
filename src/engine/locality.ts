// Where an engine's containers run, decided from its endpoint (not from the client's OS): this
// machine's own engine socket is local (the host view is /proc or PowerShell); any other endpoint —
// ssh://, tcp://, another unix:// socket (a second engine in its own namespaces, a VM) — is remote,
// and the host is looked at through a probe container on that engine.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locality } from './types.js';

/** The sockets of this machine's own engines, as their CLIs name them by default. */
export const LOCAL_ENDPOINTS: readonly string[] = [
  'unix:///var/run/docker.sock',
  'unix:///run/docker.sock',
  'npipe:////./pipe/docker_engine',
  'npipe:///./pipe/docker_engine',
  'unix:///run/podman/podman.sock',
  'unix:///var/run/podman/podman.sock',
];

export function localityOf(endpoint: string, how: string): Locality {
  const e = endpoint.trim();
  if (LOCAL_ENDPOINTS.includes(e)) return { local: true, endpoint: e, why: `${how} is this machine's engine socket` };
  if (e === '') return { local: true, endpoint: e, why: `${how}: the engine's default connection` };
  return { local: false, endpoint: e, why: `${how} is not this machine's engine socket` };
}

/** A URL for reports: user info (ssh://user:secret@host) is dropped, the rest kept. */
export function displayEndpoint(endpoint: string): string {
  return endpoint.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
}

/** The docker CLI's current context: DOCKER_CONTEXT, else config.json's currentContext, else "default". */
export function currentDockerContext(env: NodeJS.ProcessEnv): string {
  const fromEnv = env.DOCKER_CONTEXT?.trim();
  if (fromEnv) return fromEnv;
  const dir = env.DOCKER_CONFIG?.trim() || path.join(env.HOME?.trim() || os.homedir(), '.docker');
  try {
    const cfg = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as { currentContext?: unknown };
    return typeof cfg.currentContext === 'string' && cfg.currentContext !== '' ? cfg.currentContext : 'default';
  } catch {
    return 'default'; // no config (a fresh machine): the CLI uses the default context
  }
}

export function defaultDockerEndpoint(platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? 'npipe:////./pipe/docker_engine' : 'unix:///var/run/docker.sock';
}
