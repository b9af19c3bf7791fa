// YAML text → one document with node ranges, or problems at yaml's own positions. Only the first
// document of a file is a scenario; a second one, an empty file and a top level that is not a
// mapping are errors. Aliases are expanded with a budget so an alias bomb cannot hang the run.
import { LineCounter, isMap, isScalar, isSeq, parseAllDocuments, visit } from 'yaml';
import type { Document, Node, YAMLError } from 'yaml';
import type { Problem } from '../errors.js';
import { createLocator } from './locate.js';
import type { Locator } from './locate.js';

/** How many aliases toJS may expand (yaml's measure); scenarios need few if any. */
export const MAX_ALIAS_COUNT = 100;

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

export function parseYaml(file: string, text: string): { parsed?: ParsedYaml; problems: Problem[] } {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: false, logLevel: 'error' });
  const problems: Problem[] = [];
  const first = Array.isArray(docs) ? docs[0] : undefined;
  if (!first) return { problems: [{ file, line: 1, col: 1, code: 'empty-file', severity: 'error', message: 'empty scenario file' }] };
  const locator = createLocator(file, text, first, lineCounter);
  const at = (offset: number, code: string, message: string, severity: Problem['severity'] = 'error'): Problem => ({ ...locator.offset(offset), code, severity, message });

  for (const e of first.errors) problems.push(at(e.pos[0], YAML_CODES[e.code] ?? 'yaml-syntax', yamlMessage(e, text)));
  for (const w of first.warnings) problems.push(at(w.pos[0], 'yaml-warning', yamlMessage(w, text), 'warning'));
  const second = Array.isArray(docs) ? docs[1] : undefined;
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
