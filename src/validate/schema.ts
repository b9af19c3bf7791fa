// The scenario schema, read and compiled once per process on first use. Also a map from every
// subschema object to its JSON pointer, so an ajv error's parentSchema can be named and a oneOf
// branch can be re-validated on its own.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type Ajv2020Module from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { SCHEMA_CHECK_PATH, SCHEMA_PATH } from '../paths.js';

export type SchemaObject = Record<string, unknown>;
export type { ErrorObject };

type Ajv2020Class = typeof Ajv2020Module.default;
const requireHere = createRequire(import.meta.url);

interface Compiled {
  ajv: InstanceType<Ajv2020Class>;
  root: SchemaObject;
  validate: ValidateFunction;
  pointers: Map<object, string>;
  branches: Map<string, ValidateFunction | undefined>;
}

let compiled: Compiled | undefined;

/** The schema file's text, as shipped (for `isocheck schema`). */
export function schemaText(): string {
  return fs.readFileSync(SCHEMA_PATH, 'utf8');
}

function indexPointers(node: unknown, pointer: string, out: Map<object, string>): void {
  if (node === null || typeof node !== 'object') return;
  out.set(node, pointer);
  const entries = Array.isArray(node) ? node.map((v, i) => [String(i), v] as const) : Object.entries(node);
  for (const [k, v] of entries) indexPointers(v, `${pointer}/${k.replaceAll('~', '~0').replaceAll('/', '~1')}`, out);
}

// ajv 8 gathers the errors of a $ref'd subschema with `vErrors = vErrors.concat(f.errors)`, once per
// failing item: quadratic in the errors (30,000 misspelt step kinds took over a minute). Its
// documented `code.process` hook lets us append in place instead; ajv itself pushes onto that array.
const CONCAT_ERRORS = /vErrors = vErrors === null \? ([\w$]+)\.errors : vErrors\.concat\(\1\.errors\);/g;

/** Generated validation code with the errors of $ref calls appended in linear time. */
export function appendRefErrors(code: string): string {
  return code.replace(CONCAT_ERRORS, (_m, f: string) => `if (vErrors === null) vErrors = ${f}.errors; else for (const e of ${f}.errors) vErrors.push(e);`);
}

function load(): Compiled {
  if (compiled) return compiled;
  const root = JSON.parse(schemaText()) as SchemaObject;
  // Required here, not imported: ajv takes ~40 ms to load, and a run whose files all pass the
  // precompiled check (quickCheck) never needs it. ajv is CommonJS: `default` is the class.
  const Ajv2020 = (requireHere('ajv/dist/2020.js') as typeof Ajv2020Module).default;
  const ajv = new Ajv2020({ allErrors: true, discriminator: true, verbose: true, strict: true, allowUnionTypes: true, strictRequired: false, code: { process: appendRefErrors } });
  const validate = ajv.compile(root);
  const pointers = new Map<object, string>();
  indexPointers(root, '', pointers);
  compiled = { ajv, root, validate, pointers, branches: new Map() };
  return compiled;
}

type Check = (value: unknown) => boolean;
let quick: Check | null | undefined;

/**
 * The precompiled yes/no check built from the schema by scripts/build-schema-check.mjs (null when
 * it was not built, e.g. running tsc alone): it spares valid files the ~0.3 s ajv compile.
 */
export function quickCheck(): Check | null {
  if (quick !== undefined) return quick;
  try {
    // By its place in the package, not beside this module: the bundle (dist/bundle/) runs this code too.
    quick = createRequire(SCHEMA_CHECK_PATH)(SCHEMA_CHECK_PATH) as Check;
  } catch {
    quick = null;
  }
  return quick;
}

/** Validate a whole scenario value; the errors are ajv's (verbose: each has data and parentSchema). */
export function validateScenarioValue(value: unknown): ErrorObject[] {
  if (quickCheck()?.(value) === true) return [];
  const { validate } = load();
  return validate(value) ? [] : [...(validate.errors ?? [])];
}

/** The full validator's yes/no (for tests that keep the precompiled check honest). */
export function fullCheck(value: unknown): boolean {
  return load().validate(value) === true;
}

/** JSON pointer (in the schema file) of a subschema object, if it is one of the schema's own. */
export function pointerOf(schema: unknown): string | undefined {
  return schema !== null && typeof schema === 'object' ? load().pointers.get(schema) : undefined;
}

/** The subschema at a pointer, following one `$ref` to a local definition. */
export function resolveAt(pointer: string): SchemaObject | undefined {
  let node: unknown = load().root;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[seg] : undefined;
  }
  return deref(node);
}

/** Follow a local `$ref` ("#/$defs/x") once. */
export function deref(schema: unknown): SchemaObject | undefined {
  if (schema === null || typeof schema !== 'object') return undefined;
  const ref = (schema as SchemaObject).$ref;
  return typeof ref === 'string' && ref.startsWith('#/') ? resolveAt(ref.slice(1)) : (schema as SchemaObject);
}

/** Validate `data` against the subschema at `pointer` alone (e.g. one oneOf branch). */
export function validateAt(pointer: string, data: unknown): ErrorObject[] {
  const c = load();
  if (!c.branches.has(pointer)) {
    const id = typeof c.root.$id === 'string' ? c.root.$id : '';
    c.branches.set(pointer, c.ajv.getSchema(`${id}#${pointer}`));
  }
  const fn = c.branches.get(pointer);
  if (!fn) return [];
  return fn(data) ? [] : [...(fn.errors ?? [])];
}
