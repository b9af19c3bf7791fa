// Map a JSON path in a scenario (["steps", 2, "match", "pid"]) back to where it is written in the
// YAML file, using the node ranges yaml keeps. Paths that go through an alias stop at the alias
// (the place the user wrote), and a path that does not exist ends at its deepest existing node.
import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Document, LineCounter, Node, Pair } from 'yaml';
import type { Position } from '../errors.js';

export type JsonPath = readonly (string | number)[];

export interface Locator {
  readonly file: string;
  /** Where the value at `path` starts (or its deepest existing ancestor). */
  at(path: JsonPath): Position;
  /** Where the key of the last segment of `path` is written (for unknown or misnamed keys). */
  keyAt(path: JsonPath): Position;
  /** Where `needle` occurs in the source of the value at `path`; the value's start if it does not. */
  textAt(path: JsonPath, needle: string): Position;
  /** Position of a character offset in the text. */
  offset(offset: number): Position;
}

interface Found {
  node: Node | null;
  key: Node | null;
}

/** String form of a mapping key as toJS makes it; undefined for keys that are collections. */
export function keyName(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function find(doc: Document, path: JsonPath): Found {
  let node = (doc.contents ?? null) as Node | null;
  let key: Node | null = null;
  for (const seg of path) {
    if (node === null || isAlias(node)) break;
    if (isMap(node)) {
      const pair = (node.items as Pair[]).findLast((p) => keyName(p.key) === String(seg));
      if (!pair) break;
      key = isScalar(pair.key) ? pair.key : null;
      node = (pair.value ?? null) as Node | null;
      // `key:` with no value has no value node, or an empty one: point at the key then.
      if (node === null || (isScalar(node) && node.range?.[0] === node.range?.[1])) return { node: key, key };
    } else if (isSeq(node)) {
      const item = typeof seg === 'number' ? node.items[seg] : undefined;
      if (item === undefined || item === null) break;
      key = null;
      node = item as Node;
    } else break;
  }
  return { node, key };
}

export function createLocator(file: string, text: string, doc: Document, lineCounter: LineCounter): Locator {
  const offset = (off: number): Position => {
    const { line, col } = lineCounter.linePos(Math.max(0, Math.min(off, text.length)));
    return { file, line: Math.max(1, line), col: Math.max(1, col) };
  };
  const start = (node: Node | null): Position => offset(node?.range?.[0] ?? 0);
  return {
    file,
    offset,
    at: (path) => start(find(doc, path).node),
    keyAt: (path) => {
      const found = find(doc, path);
      return start(found.key ?? found.node);
    },
    textAt: (path, needle) => {
      const { node } = find(doc, path);
      const range = node?.range;
      if (!range) return start(node);
      const i = text.slice(range[0], range[1]).indexOf(needle);
      return offset(i === -1 ? range[0] : range[0] + i);
    },
  };
}
