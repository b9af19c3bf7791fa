// YAML text → one document with node ranges, or problems at yaml's own positions. Only the first
// document of a file is a scenario; a second one, an empty file and a top level that is not a
// mapping are errors. Aliases are expanded with a budget so an alias bomb cannot hang the run, and
// nesting is bounded before anything recursive (yaml's composer, toJS, our visitors) sees the text.
import { Composer, LineCounter, Parser, isMap, isScalar, isSeq, visit } from 'yaml';
import type { CST, Document, Node, Scalar, YAMLError } from 'yaml';
import type { Problem } from '../errors.js';
import { createLocator } from './locate.js';
import type { Locator } from './locate.js';

/** How many aliases toJS may expand (yaml's measure); scenarios need few if any. */
export const MAX_ALIAS_COUNT = 100;

/** How deeply lists and mappings may nest; the scenario format needs about 6 levels. */
export const MAX_NESTING = 64;

export interface ParsedYaml {
  doc: Document;
  locator: Locator;
  /** The document as plain data (what the schema validates). */
  value: unknown;
}

const YAML_CODES: Record<string, string> = {
  DUPLICATE_KEY: 'duplicate-key',
  TAB_AS_INDENT: 'yaml-tab',
  RESOURCE_EXHAUSTION: 'yaml-limit',
};

function kindOf(node: unknown): string {
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return node.value === null ? 'null' : `a ${typeof node.value === 'string' ? 'string' : typeof node.value} (${JSON.stringify(node.value)?.slice(0, 40) ?? String(node.value)})`;
  return 'something else';
}

function yamlMessage(e: YAMLError, text: string): string {
  const first = e.message.split('\n')[0] ?? e.message;
  if (e.code === 'DUPLICATE_KEY') {
    const key = /^\s*["']?([^"':\n]*)/.exec(text.slice(e.pos[0]))?.[1]?.trim();
    return key ? `key "${key}" appears twice in this mapping` : 'a key appears twice in this mapping';
  }
  if (e.code === 'TAB_AS_INDENT') return 'tabs are not allowed as indentation in YAML; indent with spaces';
  if (e.code === 'RESOURCE_EXHAUSTION') return `the YAML is nested too deeply to read (${first.replace(/ at line \d+, column \d+:?$/, '')})`;
  return first.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * Offset of the first collection nested deeper than MAX_NESTING, if any. yaml's parser builds its
 * syntax tree without recursion; composing it recurses (and a stack overflow there, in toJS or in a
 * visitor surfaced as an internal error), so depth is checked here, with an explicit stack.
 */
export function tooDeep(tokens: readonly CST.Token[]): number | undefined {
  // Two parallel stacks (token, its depth): no allocation per node beyond the push.
  const stack: CST.Token[] = [...tokens];
  const depths: number[] = tokens.map(() => 0);
  let first: number | undefined;
  for (let token = stack.pop(); token !== undefined; token = stack.pop()) {
    const depth = depths.pop() ?? 0;
    if (token.type === 'document' && token.value) {
      stack.push(token.value);
      depths.push(depth);
    }
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    if (depth >= MAX_NESTING) {
      first = Math.min(first ?? token.offset, token.offset);
      continue;
    }
    for (const item of token.items) {
      if (item.key) {
        stack.push(item.key);
        depths.push(depth + 1);
      }
      if (item.value) {
        stack.push(item.value);
        depths.push(depth + 1);
      }
    }
  }
  return first;
}

function nestingProblem(file: string, text: string, lineCounter: LineCounter, offset: number): Problem {
  const { line, col } = lineCounter.linePos(Math.max(0, Math.min(offset, text.length)));
  const message = `the YAML is nested too deeply to read (more than ${MAX_NESTING} levels of lists and mappings)`;
  return { file, line: Math.max(1, line), col: Math.max(1, col), code: 'yaml-limit', severity: 'error', message };
}

let plainEnv: NodeJS.ProcessEnv | undefined;

/**
 * Run `f` with process.env replaced by a plain copy of it. yaml's parser reads
 * process.env.LOG_TOKENS once per token, and each read of the real process.env asks the C++ side
 * (~0.35 µs): about 0.25 ms of a 1.1 ms parse of a typical scenario. Synchronous, and restored in
 * `finally`, so no other code can ever see the copy.
 */
function withPlainEnv<T>(f: () => T): T {
  const env = process.env;
  plainEnv ??= { ...env };
  process.env = plainEnv;
  try {
    return f();
  } finally {
    process.env = env;
  }
}

export function parseYaml(file: string, text: string): { parsed?: ParsedYaml; problems: Problem[] } {
  const lineCounter = new LineCounter();
  const tokens = withPlainEnv(() => Array.from(new Parser(lineCounter.addNewLine).parse(text)));
  const deep = tooDeep(tokens);
  if (deep !== undefined) return { problems: [nestingProblem(file, text, lineCounter, deep)] };
  // uniqueKeys is checked below: yaml's own check compares each key with every earlier one.
  const docs = withPlainEnv(() => Array.from(new Composer({ uniqueKeys: false, prettyErrors: false, logLevel: 'error' }).compose(tokens)));
  const problems: Problem[] = [];
  const first = docs[0];
  if (!first) return { problems: [{ file, line: 1, col: 1, code: 'empty-file', severity: 'error', message: 'empty scenario file' }] };
  const locator = createLocator(file, text, first, lineCounter);
  const at = (offset: number, code: string, message: string, severity: Problem['severity'] = 'error'): Problem => ({ ...locator.offset(offset), code, severity, message });

  for (const e of first.errors) problems.push(at(e.pos[0], YAML_CODES[e.code] ?? 'yaml-syntax', yamlMessage(e, text)));
  for (const key of duplicateKeys(first.contents)) problems.push(at(key.range?.[0] ?? 0, 'duplicate-key', `key "${String(key.value)}" appears twice in this mapping`));
  for (const w of first.warnings) problems.push(at(w.pos[0], 'yaml-warning', yamlMessage(w, text), 'warning'));
  const second = docs[1];
  if (second) problems.push(at(second.range[0], 'multiple-documents', 'a scenario file holds one YAML document; a second one starts here'));
  if (problems.some((p) => p.severity === 'error')) return { problems };

  const contents = first.contents as Node | null;
  const empty = contents === null || (isScalar(contents) && contents.value === null && contents.range?.[0] === contents.range?.[1]);
  if (empty) return { problems: [...problems, at(0, 'empty-file', 'empty scenario file')] };
  if (!isMap(contents)) {
    const message = `the top level of a scenario must be a mapping (name:, description:, steps:), not ${kindOf(contents)}`;
    return { problems: [...problems, at(contents.range?.[0] ?? 0, 'not-a-mapping', message)] };
  }
  try {
    const value: unknown = first.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return { parsed: { doc: first, locator, value }, problems };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const alias = firstAlias(first, !message.startsWith('Excessive'));
    if (message.startsWith('Excessive alias count')) {
      problems.push(at(alias, 'alias-limit', `aliases expand too much (an alias bomb?); a scenario may expand at most ${MAX_ALIAS_COUNT} aliases`));
    } else problems.push(at(alias, 'yaml-syntax', message.split('\n')[0] ?? message));
    return { problems };
  }
}

/**
 * Keys written twice in one mapping (each later one), in linear time: one Set per mapping. Plain
 * recursion is safe here: tooDeep has bounded the nesting. Aliases are not followed.
 */
function duplicateKeys(node: unknown, found: Scalar[] = []): Scalar[] {
  if (isMap(node)) {
    const seen = new Set<unknown>();
    for (const { key, value } of node.items) {
      // A collection as a key equals no other key (as in yaml); its own mappings are checked.
      if (!isScalar(key)) duplicateKeys(key, found);
      else if (seen.has(key.value)) found.push(key);
      else seen.add(key.value);
      duplicateKeys(value, found);
    }
  } else if (isSeq(node)) for (const item of node.items) duplicateKeys(item, found);
  return found;
}

/** Offset of the first alias (or the first that names no earlier anchor, when `unresolved`). */
function firstAlias(doc: Document, unresolved: boolean): number {
  let found = 0;
  visit(doc, {
    Alias(_key, node) {
      if (unresolved && node.resolve(doc) !== undefined) return undefined;
      found = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return found;
}
