// Keeps the TypeScript types, the JSON Schema and the shipped scenarios in step. Each *_KEYS object
// below is typed Record<keys of the TS type, true>, so adding or removing a field in src/types.ts
// without updating it fails to compile; the tests then compare the same lists with the schema.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { CAPTURES_BY_KIND, EXPECTATIONS_BY_KIND, EXPECTATION_KEYS } from '../src/format/kinds.js';
import { SCENARIOS_DIR, SCHEMA_PATH } from '../src/paths.js';
import { STEP_KINDS } from '../src/types.js';
import type {
  CaptureField, CaptureRegex, Claim, CommandStep, ExitCodeMatch, CountBounds, CountChange, ExecStep, Expectation, HostOs, HostProcessesStep,
  IsolationMode, MappedVar, OnFailure, HostShow, RedactRule, ProcessMatch, PullPolicy, RemoveStep, Requirements, RunStep, Scenario, Source, StepKind, TextMatch, TopStep,
} from '../src/types.js';
import { validatePaths } from '../src/validate/index.js';

type KeysOfUnion<T> = T extends unknown ? keyof T : never;
type KeyList<T> = Record<KeysOfUnion<T>, true>;

// Written out in full (no spread: excess-property checks do not look inside spreads).
const RUN_KEYS: KeyList<RunStep> = { kind: true, id: true, title: true, timeout: true, expect: true, capture: true, image: true, command: true, isolation: true, pull: true, runtime: true, env: true,
  pid: true, network: true, user: true, readOnly: true, capAdd: true, capDrop: true, pidsLimit: true, memory: true, cpus: true, securityOpt: true, userns: true, tmpfs: true, workdir: true, hostname: true, privileged: true,
  claim: true, knownDeviation: true };
const TOP_KEYS: KeyList<TopStep> = { kind: true, id: true, title: true, timeout: true, expect: true, capture: true, container: true, match: true, view: true, claim: true, knownDeviation: true };
const HOST_PROCESSES_KEYS: KeyList<HostProcessesStep> = { kind: true, id: true, title: true, timeout: true, expect: true, capture: true, match: true, claim: true, knownDeviation: true, show: true };
const EXEC_KEYS: KeyList<ExecStep> = { kind: true, id: true, title: true, timeout: true, expect: true, capture: true, container: true, command: true, claim: true, knownDeviation: true };
const COMMAND_KEYS: KeyList<CommandStep> = { kind: true, id: true, title: true, timeout: true, expect: true, capture: true, command: true, claim: true, knownDeviation: true };
const REMOVE_KEYS: KeyList<RemoveStep> = { kind: true, id: true, title: true, timeout: true, expect: true, capture: true, container: true, claim: true, knownDeviation: true };
const EXPECTATION_ALL_KEYS: KeyList<Expectation> = {
  present: true, count: true, countChange: true, pid: true, ownedBy: true, output: true, stderr: true, exitCode: true,
  eventually: true, for: true, because: true,
};
const PROCESS_MATCH_KEYS: KeyList<ProcessMatch> = { name: true, pid: true, pattern: true, container: true };
const SCENARIO_KEYS: KeyList<Scenario> = {
  $schema: true, name: true, description: true, source: true, tags: true, requires: true, vars: true, timeout: true, stepTimeout: true, steps: true, onFailure: true, redact: true,
};
const SOURCE_KEYS: KeyList<Source> = { url: true, title: true, section: true, note: true, quote: true };
const CLAIM_KEYS: KeyList<Exclude<Claim, string>> = { text: true, url: true };
const ON_FAILURE: Record<OnFailure, true> = { stop: true, continue: true };
const HOST_SHOW: Record<HostShow, true> = { matched: true, all: true };
const REDACT_RULE_KEYS: KeyList<Exclude<RedactRule, string>> = { pattern: true, as: true };
const REQUIREMENTS_KEYS: KeyList<Requirements> = { host: true, engine: true, isolation: true, runtimes: true, root: true, localEngine: true };
const COUNT_BOUNDS_KEYS: KeyList<CountBounds> = { equals: true, atLeast: true, atMost: true };
const COUNT_CHANGE_KEYS: KeyList<CountChange> = { since: true, equals: true, atLeast: true, atMost: true };
const TEXT_MATCH_KEYS: KeyList<TextMatch> = { contains: true, notContains: true, matches: true, notMatches: true, block: true };
const EXIT_CODE_MATCH_KEYS: KeyList<Exclude<ExitCodeMatch, number>> = { not: true, in: true };
const CAPTURE_REGEX_KEYS: KeyList<CaptureRegex> = { regex: true, group: true, from: true };
const MAPPED_VAR_KEYS: KeyList<MappedVar> = { from: true, map: true };
// Unions of string literals, listed the same way.
const ISOLATION_MODES: Record<IsolationMode, true> = { process: true, hyperv: true, sandbox: true, default: true };
const HOST_OSES: Record<HostOs, true> = { linux: true, windows: true };
const PULL_POLICIES: Record<PullPolicy, true> = { missing: true, always: true, never: true };
const CAPTURE_FIELDS: Record<CaptureField, true> = { id: true, name: true, pid: true, pids: true, count: true, stdout: true, exitCode: true };
const STEP_DEFS: Record<StepKind, [def: string, keys: Record<string, true>]> = {
  run: ['runStep', RUN_KEYS],
  top: ['topStep', TOP_KEYS],
  'host-processes': ['hostProcessesStep', HOST_PROCESSES_KEYS],
  exec: ['execStep', EXEC_KEYS],
  command: ['commandStep', COMMAND_KEYS],
  remove: ['removeStep', REMOVE_KEYS],
};

type Json = Record<string, unknown>;
const schema = JSON.parse(fs.readFileSync(SCHEMA_PATH, 'utf8')) as Json;
const defs = schema.$defs as Record<string, Json>;
const def = (name: string): Json => {
  const d = defs[name];
  assert.ok(d, `schema has $defs/${name}`);
  return d;
};
const propertiesOf = (s: Json): string[] => Object.keys(s.properties as Json).sort();
const keysOf = (o: object): string[] => Object.keys(o).sort();
const sorted = (xs: readonly string[]): string[] => [...xs].sort();

describe('types, schema and shipped scenarios agree', () => {
  it('every file under scenarios/ validates with zero problems (warnings included)', async () => {
    const report = await validatePaths([SCENARIOS_DIR]);
    assert.ok(report.files.length >= 2, 'both reference scenarios are found');
    assert.deepEqual(report.problems, []);
    assert.equal(report.scenarios.length, report.files.length);
    // scenarios/docs (claims quoted from real pages) is shipped too, and validated here.
    const docs = report.files.filter((f) => f.split(/[\\/]/).slice(-2)[0] === 'docs');
    assert.ok(docs.length >= 6, `scenarios/docs validated: ${docs.join(', ')}`);
  });

  it('the schema\'s step kinds are STEP_KINDS, and each step definition is that kind', () => {
    const kindEnum = ((def('step').properties as Record<string, Json>).kind?.enum ?? []) as string[];
    assert.deepEqual(sorted(kindEnum), sorted(STEP_KINDS));
    const branches = (def('step').oneOf as { $ref: string }[]).map((b) => b.$ref);
    assert.deepEqual(sorted(branches), sorted(Object.values(STEP_DEFS).map(([d]) => `#/$defs/${d}`)));
    for (const kind of STEP_KINDS) {
      const [name] = STEP_DEFS[kind];
      assert.equal((def(name).properties as Record<string, Json>).kind?.const, kind, `${name}.kind`);
    }
  });

  it('each step definition has exactly the keys of its TypeScript type', () => {
    for (const kind of STEP_KINDS) {
      const [name, keys] = STEP_DEFS[kind];
      assert.deepEqual(propertiesOf(def(name)), keysOf(keys), name);
      assert.equal(def(name).additionalProperties, false, `${name} rejects unknown keys`);
    }
  });

  it('the expectation\'s properties are EXPECTATION_KEYS plus the timing keys, and its anyOf requires one of EXPECTATION_KEYS', () => {
    assert.deepEqual(propertiesOf(def('expectation')), sorted([...EXPECTATION_KEYS, 'eventually', 'for', 'because']));
    assert.deepEqual(propertiesOf(def('expectation')), keysOf(EXPECTATION_ALL_KEYS));
    const anyOf = (def('expectation').anyOf as { required: string[] }[]).flatMap((b) => b.required);
    assert.deepEqual(sorted(anyOf), sorted(EXPECTATION_KEYS));
  });

  it('the other mappings have exactly the keys of their TypeScript types', () => {
    const props = schema.properties as Record<string, Json>;
    const expectationProps = def('expectation').properties as Record<string, Json>;
    const captureRegex = (def('capture').oneOf as Json[])[1] ?? {};
    const pairs: [string, Json, object][] = [
      ['scenario', schema, SCENARIO_KEYS],
      ['source', props.source ?? {}, SOURCE_KEYS],
      ['requires', props.requires ?? {}, REQUIREMENTS_KEYS],
      ['processMatch', def('processMatch'), PROCESS_MATCH_KEYS],
      ['countBounds', def('countBounds'), COUNT_BOUNDS_KEYS],
      ['countChange', expectationProps.countChange ?? {}, COUNT_CHANGE_KEYS],
      ['textMatch', def('textMatch'), TEXT_MATCH_KEYS],
      ['exitCodeMatch', (def('exitCodeMatch').oneOf as Json[])[1] ?? {}, EXIT_CODE_MATCH_KEYS],
      ['capture regex', captureRegex, CAPTURE_REGEX_KEYS],
      ['mappedVar', def('mappedVar'), MAPPED_VAR_KEYS],
      ['claim', (def('claim').oneOf as Json[])[1] ?? {}, CLAIM_KEYS],
      ['redact rule', (((schema.properties as Record<string, Json>).redact?.items as Json).oneOf as Json[])[1] ?? {}, REDACT_RULE_KEYS],
    ];
    for (const [name, s, keys] of pairs) assert.deepEqual(propertiesOf(s), keysOf(keys), name);
  });

  it('the schema\'s enums are the TypeScript unions', () => {
    assert.deepEqual(sorted(def('isolation').enum as string[]), keysOf(ISOLATION_MODES));
    assert.deepEqual(sorted(def('os').enum as string[]), keysOf(HOST_OSES));
    assert.deepEqual(sorted(((def('runStep').properties as Record<string, Json>).pull?.enum ?? []) as string[]), keysOf(PULL_POLICIES));
    assert.deepEqual(sorted((def('capture').oneOf as Json[])[0]?.enum as string[]), keysOf(CAPTURE_FIELDS));
    assert.deepEqual(sorted(((schema.properties as Record<string, Json>).onFailure?.enum ?? []) as string[]), keysOf(ON_FAILURE));
    assert.deepEqual(sorted(((def('hostProcessesStep').properties as Record<string, Json>).show?.enum ?? []) as string[]), keysOf(HOST_SHOW));
  });

  it('EXPECTATIONS_BY_KIND and CAPTURES_BY_KIND cover exactly the schema\'s kinds, with known keys', () => {
    const kinds = sorted(((def('step').properties as Record<string, Json>).kind?.enum ?? []) as string[]);
    assert.deepEqual(keysOf(EXPECTATIONS_BY_KIND), kinds);
    assert.deepEqual(keysOf(CAPTURES_BY_KIND), kinds);
    for (const list of Object.values(EXPECTATIONS_BY_KIND)) for (const k of list) assert.ok(EXPECTATION_KEYS.includes(k), k);
    for (const list of Object.values(CAPTURES_BY_KIND)) for (const c of list) assert.ok(c in CAPTURE_FIELDS, c);
  });
});
