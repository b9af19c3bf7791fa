// A host process whose costly fields are read from /proc on first use. A name query over a
// thousand processes can match hundreds of them, and most steps only count them or show a few:
// reading every match's cmdline, cgroup, exe and status up front cost five times the scan.
//
// The record is a Proxy over a plain ProcessInfo, so it behaves like one everywhere: property
// reads, `in`, Object.keys, spreading, JSON.stringify and deepEqual all fill the fields first.
// Fields are filled in two groups, each with one read of each file it needs:
//   shown: cmdline, argv, container — what reports print and ownership checks use;
//   rest:  exe, user.
import { inspect } from 'node:util';
import type { ProcessInfo } from '../model/process.js';
import type { LazyField } from './query.js';

export type LazyGroup = 'shown' | 'rest';

export const GROUP_OF: ReadonlyMap<string | symbol, LazyGroup> = new Map<LazyField, LazyGroup>([['cmdline', 'shown'], ['argv', 'shown'], ['container', 'shown'], ['exe', 'rest'], ['user', 'rest']]);

/** The key order of an eagerly built record (pid, ppid, name, cmdline, argv, exe, user, container, extra). */
const ORDER = ['pid', 'ppid', 'name', 'cmdline', 'argv', 'exe', 'user', 'container', 'extra'];

function groupOf(key: string | symbol): LazyGroup | undefined {
  return GROUP_OF.get(key);
}

/** `p` with its keys in the order of an eagerly built record. */
export function inOrder(p: ProcessInfo): ProcessInfo {
  return Object.fromEntries(ordered(Object.keys(p)).map((k) => [k, p[k as keyof ProcessInfo]])) as unknown as ProcessInfo;
}

function ordered<K extends string | symbol>(keys: K[]): K[] {
  const rank = (k: string | symbol): number => (typeof k === 'string' && ORDER.includes(k) ? ORDER.indexOf(k) : ORDER.length);
  return keys.sort((a, b) => rank(a) - rank(b));
}

const BIT: Readonly<Record<LazyGroup, number>> = { shown: 1, rest: 2 };

interface State<C> {
  /** Groups not read yet (BIT flags). */
  pending: number;
  context: C;
  fill: (group: LazyGroup, record: ProcessInfo, context: C) => void;
}

// One handler for every record (a thousand records should not cost a thousand handlers); each
// record carries its state, and util.inspect's hook, under symbols the traps hide. (A WeakMap and
// Object.defineProperty cost 1.2 ms per 900 records, these plain properties 0.25 ms.)
const STATE = Symbol('lazy process state');
type Carrier = ProcessInfo & { [STATE]?: State<unknown>; [inspect.custom]?: unknown };
const HIDDEN = new Set<string | symbol>([STATE, inspect.custom]);

function settle(t: Carrier, group: LazyGroup | undefined): void {
  const s = group === undefined ? undefined : t[STATE];
  if (s === undefined || group === undefined || (s.pending & BIT[group]) === 0) return;
  s.pending &= ~BIT[group];
  s.fill(group, t, s.context);
}

const settleKey = (t: Carrier, key: string | symbol): void => settle(t, groupOf(key));

const handler: ProxyHandler<Carrier> = {
  get(t, k, receiver) {
    if (HIDDEN.has(k)) return undefined;
    settleKey(t, k);
    return Reflect.get(t, k, receiver) as unknown;
  },
  has(t, k) {
    if (HIDDEN.has(k)) return false;
    settleKey(t, k);
    return Reflect.has(t, k);
  },
  getOwnPropertyDescriptor(t, k) {
    if (HIDDEN.has(k)) return undefined;
    settleKey(t, k);
    return Reflect.getOwnPropertyDescriptor(t, k);
  },
  ownKeys(t) {
    settle(t, 'shown');
    settle(t, 'rest');
    return ordered(Reflect.ownKeys(t).filter((k) => !HIDDEN.has(k)));
  },
  set(t, k, v, receiver) {
    settleKey(t, k);
    return Reflect.set(t, k, v, receiver);
  },
  defineProperty(t, k, d) {
    settleKey(t, k);
    return Reflect.defineProperty(t, k, d);
  },
  deleteProperty(t, k) {
    settleKey(t, k);
    return Reflect.deleteProperty(t, k);
  },
};

// util.inspect (console.log, assert's diffs) looks at a Proxy's target without its traps, but calls
// the target's hook with the Proxy as `this`: spreading it shows the record filled.
function inspectFilled(this: ProcessInfo): ProcessInfo {
  return { ...this };
}

/**
 * Wrap `record` (pid, ppid, name and extra set) so that `fill(group, record, context)` runs once, on
 * first use of a field of a `pending` group, and sets that group's fields on `record` (leaving
 * absent ones out).
 */
export function lazyProcess<C>(record: Omit<ProcessInfo, 'cmdline'>, pending: Iterable<LazyGroup>, context: C, fill: State<C>['fill']): ProcessInfo {
  let bits = 0;
  for (const g of pending) bits |= BIT[g];
  const t = record as Carrier;
  t[STATE] = { pending: bits, context, fill } as State<unknown>;
  t[inspect.custom] = inspectFilled;
  return new Proxy(t, handler);
}
