// A fleet file (`--targets fleet.yaml`): read like a scenario (regular file, size limit, UTF-8,
// YAML with positions), validated by schema/fleet.schema.json. A problem is one clear error at
// file:line:col with exit 2, before any target is asked anything.
import fs from 'node:fs';
import path from 'node:path';
import Ajv2020Module from 'ajv/dist/2020.js';
import type { ErrorObject } from 'ajv';
import type { EngineTarget } from '../engine/types.js';
import { ExitCode, IsocheckError, type Problem } from '../errors.js';
import { FLEET_SCHEMA_PATH } from '../paths.js';
import { parseYaml } from './parse.js';
import { decodeScenario, readScenarioBytes } from './read.js';

const Ajv2020 = Ajv2020Module.default;

interface FleetFile {
  targets: { name: string; engine?: 'docker' | 'podman'; context?: string; host?: string; tags?: string[] }[];
}

function fail(p: Pick<Problem, 'file' | 'line' | 'col' | 'code' | 'message'>): never {
  throw new IsocheckError(p.code, p.message, ExitCode.invalid, { file: p.file, line: p.line, col: p.col });
}

/** What an ajv error says, in the words of the fleet format. */
function say(e: ErrorObject): string {
  const where = e.instancePath === '' ? 'the fleet file' : e.instancePath.slice(1).replace(/\//g, '.');
  if (e.keyword === 'additionalProperties') return `${where}: unknown key "${String(e.params.additionalProperty)}" (allowed: name, engine, context, host, tags)`;
  if (e.keyword === 'required') return `${where}: "${String(e.params.missingProperty)}" is required`;
  if (e.keyword === 'not') return `${where}: give either context or host, not both`;
  if (e.keyword === 'enum') return `${where}: must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  return `${where}: ${e.message ?? 'is not valid'}`;
}

export function loadFleet(file: string, cwd: string): EngineTarget[] {
  const abs = path.resolve(cwd, file);
  const read = readScenarioBytes(abs);
  if (read.bytes === undefined) fail({ ...(read.problems[0] as Problem), file });
  const decoded = decodeScenario(file, read.bytes);
  if (decoded.text === undefined) fail(decoded.problems[0] as Problem);
  const { parsed, problems } = parseYaml(file, decoded.text);
  const first = problems.find((p) => p.severity === 'error');
  if (first !== undefined || parsed === undefined) fail(first ?? { file, line: 1, col: 1, code: 'yaml', message: 'not a YAML document' });
  // strictRequired off: `not: { required: [context, host] }` names properties defined beside it, not in it.
  const ajv = new Ajv2020({ allErrors: false, strict: true, strictRequired: false });
  const validate = ajv.compile(JSON.parse(fs.readFileSync(FLEET_SCHEMA_PATH, 'utf8')) as object);
  if (!validate(parsed.value)) {
    const e = validate.errors?.[0] as ErrorObject;
    const segs = e.instancePath.split('/').slice(1).map((s) => (/^[0-9]+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
    const at = e.keyword === 'additionalProperties' ? parsed.locator.keyAt([...segs, String(e.params.additionalProperty)]) : parsed.locator.at(segs);
    fail({ ...at, code: 'fleet-schema', message: say(e) });
  }
  const value = parsed.value as FleetFile;
  const seen = new Set<string>();
  return value.targets.map((t, i) => {
    if (seen.has(t.name)) fail({ ...parsed.locator.at(['targets', i, 'name']), code: 'duplicate-target', message: `targets.${i}.name: target "${t.name}" is named twice` });
    seen.add(t.name);
    return { name: t.name, kind: t.engine ?? 'docker', ...(t.context !== undefined ? { context: t.context } : {}), ...(t.host !== undefined ? { host: t.host } : {}), ...(t.tags !== undefined ? { tags: t.tags } : {}) };
  });
}
