// Words for schema problems: what a value is, what was expected, what a node is called. Tables are
// keyed by the JSON pointer of the subschema, so a message names "an isolation mode", not "enum".
import { deref, pointerOf } from './schema.js';
import type { SchemaObject } from './schema.js';

export type Segment = string | number;

/** How a step kind or a part of a scenario is called in messages, by schema pointer. */
const CONTEXT_NAMES: Record<string, string> = {
  '': 'scenario',
  '/properties/source': 'source',
  '/properties/requires': 'requires',
  '/$defs/processMatch': 'match',
  '/$defs/expectation': 'expectation',
  '/$defs/countBounds': 'count',
  '/$defs/expectation/properties/countChange': 'countChange',
  '/$defs/capture/oneOf/1': 'regex capture',
};

const ENUM_NAMES: Record<string, string> = {
  '/$defs/isolation': 'an isolation mode',
  '/$defs/os': 'an operating system',
  '/$defs/step/properties/kind': 'a step kind',
  '/$defs/topStep/properties/view': 'a view',
  '/$defs/capture/oneOf/0': 'a capture field',
  '/$defs/capture/oneOf/1/properties/from': 'an output stream',
};

const PATTERN_HINTS: Record<string, string> = {
  '/$defs/duration': 'is not a duration (e.g. "500ms", "3s", "1.5m", or a number of seconds)',
  '/$defs/varName': 'is not a variable name (letters, digits and _, not starting with a digit)',
  '/$defs/stepId': 'is not a step id (letters, digits, _ and -, starting with a letter)',
  '/$defs/stepRef': 'is not a step id (letters, digits, _ and -, starting with a letter)',
  '/$defs/pidValue': 'is not a PID (a number, or a string holding ${name})',
  '/properties/source/properties/url': 'is not an http(s) address',
  '/properties/tags/items': 'is not a tag (lower case letters, digits, ".", "_" and "-")',
  '/properties/requires/properties/runtimes/items': 'is not a runtime name (letters, digits, ".", "_" and "-")',
  '/$defs/runStep/properties/runtime': 'is not a runtime name (letters, digits, ".", "_" and "-")',
  '/$defs/runStep/properties/image': 'is not an image reference (it must not start with "-" or a space)',
  '/$defs/runStep/properties/env/propertyNames': 'is not an environment variable name (letters, digits and _)',
};

const TYPE_NOUNS: Record<string, [string, string]> = {
  string: ['a string', 'strings'],
  integer: ['a whole number', 'whole numbers'],
  number: ['a number', 'numbers'],
  boolean: ['true or false', 'booleans'],
  object: ['a mapping', 'mappings'],
  array: ['a list', 'lists'],
  null: ['empty', 'empty values'],
};

const ITEM_NOUNS: Record<string, string> = {
  '/$defs/step': 'steps',
  '/$defs/expectation': 'expectations',
  '/$defs/isolation': 'isolation modes',
};

/** A value as a message shows it: `"abc"`, `5`, `a list`, `empty`. */
export function describeValue(data: unknown): string {
  if (data === null || data === undefined) return 'empty';
  if (typeof data === 'string') return JSON.stringify(data.length > 40 ? `${data.slice(0, 40)}…` : data);
  if (typeof data === 'number' || typeof data === 'boolean' || typeof data === 'bigint') return String(data);
  if (Array.isArray(data)) return 'a list';
  if (data instanceof Uint8Array) return 'binary data';
  return 'a mapping';
}

function types(schema: SchemaObject): string[] {
  const t = schema.type;
  return Array.isArray(t) ? t.filter((x): x is string => typeof x === 'string') : typeof t === 'string' ? [t] : [];
}

/** What a subschema accepts, in words: "a list of strings", "a string or a number". */
export function expectedType(schemaIn: unknown): string {
  const schema = deref(schemaIn);
  if (!schema) return 'something else';
  const ptr = pointerOf(schema) ?? '';
  if (ptr === '/$defs/duration') return 'a duration ("3s", "500ms") or a number of seconds';
  const words = types(schema).map((t) => {
    if (t !== 'array' || schema.items === undefined) return TYPE_NOUNS[t]?.[0] ?? t;
    const items = deref(schema.items);
    const itemPtr = pointerOf(items) ?? '';
    const plural = ITEM_NOUNS[itemPtr] ?? types(items ?? {}).map((it) => TYPE_NOUNS[it]?.[1] ?? it).join(' or ');
    return `a list of ${plural || 'items'}`;
  });
  return words.length > 0 ? words.join(' or ') : 'something else';
}

/** What the node at `path` is called: `"image"`, `step 3`, `item 2 of "command"`, `the scenario`. */
export function subject(path: readonly Segment[]): string {
  const last = path.at(-1);
  if (last === undefined) return 'the scenario';
  if (typeof last !== 'number') return `"${last}"`;
  const parent = path.at(-2);
  if (parent === 'steps') return `step ${last + 1}`;
  if (parent === 'expect') return `expectation ${last + 1}`;
  return `item ${last + 1} of "${String(parent)}"`;
}

/** Name of the mapping a key belongs in: "run step", "match", "scenario", "expectation". */
export function contextName(path: readonly Segment[], parentSchema: unknown): string {
  const schema = deref(parentSchema);
  if (schema && typeof schema.title === 'string' && path.length > 0) return schema.title;
  const named = CONTEXT_NAMES[pointerOf(schema) ?? '\u0000'];
  if (named !== undefined) return named;
  return subject(path).replaceAll('"', '');
}

export function enumName(schema: unknown): string | undefined {
  return ENUM_NAMES[pointerOf(schema) ?? '\u0000'];
}

export function patternHint(schema: unknown): string {
  const ptr = pointerOf(schema) ?? '\u0000';
  const hint = PATTERN_HINTS[ptr];
  if (hint !== undefined) return hint;
  const s = deref(schema);
  return typeof s?.description === 'string' ? `does not have the expected form: ${s.description}` : 'does not have the expected form';
}

/** The property names a mapping schema allows. */
export function allowedKeys(schema: unknown): string[] {
  const props = deref(schema)?.properties;
  return props !== null && typeof props === 'object' ? Object.keys(props) : [];
}

export function jsonPointer(path: readonly Segment[]): string {
  return path.map((s) => `/${String(s).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/** Segments of a JSON pointer into `root`: numbers where the container is a list, strings in mappings. */
export function parsePointer(pointer: string, root: unknown): Segment[] {
  if (pointer === '') return [];
  let node = root;
  return pointer
    .split('/')
    .slice(1)
    .map((raw) => {
      const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
      const seg: Segment = Array.isArray(node) && /^(0|[1-9][0-9]*)$/.test(key) ? Number(key) : key;
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
      return seg;
    });
}
