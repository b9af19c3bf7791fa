// ajv errors → Problems in plain words, at the YAML node they are about. Noise is folded: the
// discriminator on `kind` gives one message per step, a failed oneOf/anyOf shows only the errors of
// the branch that fits the value's type, and the expectation's anyOf of required keys becomes
// "expectation needs one of: …".
import type { Problem } from '../errors.js';
import type { Locator } from '../load/locate.js';
import { STEP_KINDS } from '../types.js';
import { suggestion as closest } from './did-you-mean.js';
import { bareTextCheck, isolationAlias, mappingForString } from './hints.js';
import { EXPECTATION_KEYS } from '../format/kinds.js';
import { allowedKeys, contextName, describeValue, enumName, expectedType, jsonPointer, parsePointer, patternHint, subject } from './describe.js';
import type { Segment } from './describe.js';
import { deref, pointerOf, resolveAt, validateAt } from './schema.js';
import type { ErrorObject, SchemaObject } from './schema.js';

type Emit = (code: string, path: readonly Segment[], message: string, where?: 'value' | 'key') => void;

/** Where problems go, and the validated value (to tell list indexes from mapping keys). */
interface Sink {
  emit: Emit;
  root: unknown;
}

const MAX_BRANCH_DEPTH = 8;

// The same misspelling repeated thousands of times is looked up once per file (edit distances add up).
let hints = new Map<string, string>();
function suggestion(input: string, candidates: readonly string[]): string {
  const key = `${candidates.join('\u0001')}\u0000${input}`;
  let hint = hints.get(key);
  if (hint === undefined) hints.set(key, (hint = closest(input, candidates)));
  return hint;
}

function jsonType(data: unknown): string[] {
  if (data === null) return ['null'];
  if (Array.isArray(data)) return ['array'];
  if (typeof data === 'number') return Number.isInteger(data) ? ['integer', 'number'] : ['number'];
  return [typeof data];
}

function branchFits(branch: SchemaObject | undefined, data: unknown): boolean {
  const t = branch?.type;
  if (t === undefined) return true;
  const accepted = Array.isArray(t) ? t : [t];
  return jsonType(data).some((x) => accepted.includes(x));
}

function list(values: readonly unknown[]): string {
  return values.map((v) => String(v)).join(', ');
}

/** The discriminator on a step's `kind`: one message, at `kind` when there is one. */
function kindProblem(e: ErrorObject, path: Segment[], emit: Emit): void {
  const kinds = `(${STEP_KINDS.join(', ')})`;
  const data = e.data as Record<string, unknown>;
  if (!('kind' in data)) return emit('missing-key', path, `${subject(path)} needs "kind": one of ${kinds.slice(1, -1)}`);
  const tag = data.kind;
  const message = typeof tag === 'string'
    ? `unknown step kind "${tag}"${suggestion(tag, STEP_KINDS)} ${kinds}`
    : `step kind must be one of ${kinds.slice(1, -1)}, not ${describeValue(tag)}`;
  emit('unknown-kind', [...path, 'kind'], message);
}

/** `; "pid" is a run option: only run steps take it` for a run step's key on another kind of step. */
function runOptionElsewhere(key: string, parentSchema: unknown, context: string): string | undefined {
  const ptr = pointerOf(parentSchema) ?? '';
  if (!/^\/\$defs\/[a-zA-Z]+Step$/.test(ptr) || ptr === '/$defs/runStep') return undefined;
  return allowedKeys(resolveAt('/$defs/runStep')).includes(key) ? `; "${key}" is an option of run steps only (a ${context} does not start a container)` : undefined;
}

/** A failed oneOf/anyOf: re-validate against the branch that fits the value's type and report that. */
function branchProblems(e: ErrorObject, path: Segment[], sink: Sink, depth: number): void {
  const { emit } = sink;
  const branches = Array.isArray(e.schema) ? (e.schema as unknown[]) : [];
  const onlyRequired = branches.every((b) => b !== null && typeof b === 'object' && Object.keys(b).join() === 'required');
  if (e.keyword === 'anyOf' && onlyRequired) {
    const keys = branches.flatMap((b) => (b as { required: string[] }).required);
    return emit('no-assertion', path, `${contextName(path, e.parentSchema)} needs one of: ${keys.join(', ')}`);
  }
  const base = pointerOf(e.parentSchema);
  const index = branches.findIndex((b) => branchFits(deref(b), e.data));
  if (index === -1 || base === undefined || depth >= MAX_BRANCH_DEPTH) {
    const wanted = branches.map((b) => expectedType(b)).filter((w, i, all) => all.indexOf(w) === i);
    return emit('wrong-type', path, `${subject(path)} must be ${wanted.join(' or ')}, not ${describeValue(e.data)}`);
  }
  const errors = validateAt(`${base}/${e.keyword}/${index}`, e.data).map((b) => ({ ...b, instancePath: e.instancePath + b.instancePath }));
  if (errors.length === 0) return emit('bad-value', path, `${subject(path)} matches more than one form`);
  mapErrors(errors, sink, depth + 1);
}

function keywordProblem(e: ErrorObject, path: Segment[], emit: Emit): void {
  const p = e.params as Record<string, unknown>;
  const data: unknown = e.data;
  const what = subject(path);
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const allowed = allowedKeys(e.parentSchema);
      const context = contextName(path, e.parentSchema);
      const hint = bareTextCheck(key, context) ?? runOptionElsewhere(key, e.parentSchema, context) ?? (suggestion(key, allowed) || ` (allowed: ${allowed.join(', ')})`);
      return emit('unknown-key', [...path, key], `unknown key "${key}" in ${context}${hint}`, 'key');
    }
    case 'required':
      return emit('missing-key', path, `${contextName(path, e.parentSchema)} needs "${String(p.missingProperty)}"`);
    case 'type': {
      const parentPtr = pointerOf(e.parentSchema) ?? '';
      if (typeof path.at(-1) === 'number' && parentPtr.endsWith('/items')) {
        const arrayPath = path.slice(0, -1);
        const arraySchema = resolveAt(parentPtr.slice(0, -'/items'.length));
        return emit('wrong-type', path, `${subject(arrayPath)} must be ${expectedType(arraySchema)}; ${what.replace(/ of .*/, '')} is ${describeValue(data)}`);
      }
      const quote = expectedType(e.parentSchema) === 'a string' ? mappingForString(data) : '';
      return emit('wrong-type', path, `${what} must be ${expectedType(e.parentSchema)}, not ${describeValue(data)}${quote}`);
    }
    case 'enum':
    case 'const': {
      const allowed = e.keyword === 'enum' ? (p.allowedValues as unknown[]) : [p.allowedValue];
      const name = enumName(e.parentSchema);
      const alias = typeof data === 'string' && pointerOf(e.parentSchema) === '/$defs/isolation' ? isolationAlias(data) : undefined;
      const hint = typeof data === 'string' ? alias ?? suggestion(data, allowed.map(String)) : '';
      const head = name ? `${describeValue(data)} is not ${name}` : `${describeValue(data)} is not allowed for ${what}`;
      return emit('bad-value', path, `${head}${hint} (${list(allowed)})`);
    }
    case 'pattern':
      if (e.propertyName !== undefined) return emit('bad-value', [...path, e.propertyName], `"${e.propertyName}" ${patternHint(e.parentSchema)}`, 'key');
      return emit('bad-value', path, `${describeValue(data)} ${patternHint(e.parentSchema)}`);
    case 'minLength':
      return emit('bad-value', path, p.limit === 1 ? `${what} must not be empty` : `${what} must be at least ${String(p.limit)} characters`);
    case 'maxLength':
      return emit('bad-value', path, `${what} is too long (at most ${String(p.limit)} characters)`);
    case 'minItems':
      return emit('bad-value', path, p.limit === 1 ? `${what} must not be an empty list` : `${what} needs at least ${String(p.limit)} items`);
    case 'minProperties': {
      const required = deref(e.parentSchema)?.required;
      const keys = allowedKeys(e.parentSchema).filter((k) => !(Array.isArray(required) && required.includes(k)));
      const besides = Array.isArray(required) && required.length > 0 ? ` (besides ${required.map((r) => `"${String(r)}"`).join(', ')})` : '';
      return emit('bad-value', path, `${what} needs at least one of: ${keys.join(', ')}${besides}`);
    }
    case 'maxProperties':
      return emit('bad-value', path, `${what} takes at most ${String(p.limit)} of: ${allowedKeys(e.parentSchema).join(', ')}`);
    case 'minimum':
      return emit('bad-value', path, `${what} must be at least ${String(p.limit)}, not ${describeValue(data)}`);
    case 'uniqueItems': {
      const later = Math.max(Number(p.i), Number(p.j));
      const item = Array.isArray(data) ? (data as unknown[])[later] : undefined;
      return emit('bad-value', [...path, later], `${describeValue(item)} is listed twice in ${what}`);
    }
    case 'propertyNames':
      return; // its inner error (with propertyName) says what is wrong with the key
    default:
      return emit('schema', path, `${what} ${e.message ?? 'is not valid'}`);
  }
}

/**
 * Which errors a discriminator or a oneOf/anyOf error stands for (they are not reported on their
 * own). Indexed by instancePath, so a file with thousands of failing steps stays linear: a
 * discriminator consumes the other errors at its path and at its `/kind`; a oneOf/anyOf consumes
 * the errors before it (ajv reports the branches first) at its path or below.
 */
function consumedBy(errors: readonly ErrorObject[]): Set<number> {
  const consumed = new Set<number>();
  const atPath = new Map<string, number[]>();
  const lastCombinator = new Map<string, number>();
  errors.forEach((e, i) => {
    const same = atPath.get(e.instancePath);
    if (same) same.push(i);
    else atPath.set(e.instancePath, [i]);
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf') lastCombinator.set(e.instancePath, i);
  });
  errors.forEach((e, i) => {
    if (e.keyword !== 'discriminator') return;
    consumed.add(i);
    for (const j of [...(atPath.get(e.instancePath) ?? []), ...(atPath.get(`${e.instancePath}/kind`) ?? [])]) {
      if (j !== i && errors[j]?.keyword !== 'additionalProperties') consumed.add(j);
    }
  });
  if (lastCombinator.size === 0) return consumed;
  errors.forEach((e, j) => {
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf') consumed.add(j);
    // The path itself and each ancestor (a JSON pointer's prefixes at '/'): is a later combinator there?
    for (let p = e.instancePath; ; p = p.slice(0, p.lastIndexOf('/'))) {
      if ((lastCombinator.get(p) ?? -1) > j) {
        consumed.add(j);
        break;
      }
      if (p === '') break;
    }
  });
  return consumed;
}

function mapErrors(errors: readonly ErrorObject[], sink: Sink, depth: number): void {
  const { emit, root } = sink;
  const consumed = consumedBy(errors);
  errors.forEach((e) => {
    if (e.keyword === 'discriminator') kindProblem(e, parsePointer(e.instancePath, root), emit);
    else if (e.keyword === 'oneOf' || e.keyword === 'anyOf') branchProblems(e, parsePointer(e.instancePath, root), sink, depth);
  });
  errors.forEach((e, i) => {
    if (!consumed.has(i)) keywordProblem(e, parsePointer(e.instancePath, root), emit);
  });
}

/** Problems for the errors of one validation of `value`, a whole scenario. */
export function schemaProblems(errors: readonly ErrorObject[], locator: Locator, value: unknown): Problem[] {
  const out: Problem[] = [];
  const emit: Emit = (code, path, message, where = 'value') => {
    const pos = where === 'key' ? locator.keyAt(path) : locator.at(path);
    out.push({ ...pos, code, severity: 'error', message, path: jsonPointer(path) });
  };
  hints = new Map();
  mapErrors(errors, { emit, root: value }, 0);
  hints = new Map();
  return dropRedundant(out);
}

/** Drop repeats, and "needs one of" where a misspelt assertion key already says it. */
function dropRedundant(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  const assertion = (p: Problem): boolean => (EXPECTATION_KEYS as readonly string[]).includes(/did you mean "([^":]+)/.exec(p.message)?.[1] ?? '');
  const misspelt = new Set(problems.filter((p) => p.code === 'unknown-key' && assertion(p)).map((p) => p.path?.replace(/\/[^/]*$/, '')));
  return problems.filter((p) => {
    const key = `${p.path ?? ''}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return !(p.code === 'no-assertion' && misspelt.has(p.path));
  });
}
