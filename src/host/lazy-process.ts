// A host process whose costly fields are read from /proc on first use. A name query over a
// thousand processes can match hundreds of them, and most steps only count them or show a few:
// reading every match's cmdline, cgroup, exe and status up front cost five times the scan.
//
// The record is a Proxy over a plain ProcessInfo, so it behaves like one everywhere: property
// reads, `in`, Object.keys, spreading, JSON.stringify and deepEqual all fill the fields first.
// Fields are filled in two groups, each with one read of each file it needs:
//   shown: cmdline, argv, container — what reports print and ownership checks use;
//   rest:  exe, user.
import type { ProcessInfo } from '../model/process.js';
import type { LazyField } from './query.js';

export type LazyGroup = 'shown' | 'rest';

export const GROUP_OF: Readonly<Record<LazyField, LazyGroup>> = { cmdline: 'shown', argv: 'shown', container: 'shown', exe: 'rest', user: 'rest' };

/** The key order of an eagerly built record (pid, ppid, name, cmdline, argv, exe, user, container, extra). */
const ORDER = ['pid', 'ppid', 'name', 'cmdline', 'argv', 'exe', 'user', 'container', 'extra'];

function groupOf(key: string | symbol): LazyGroup | undefined {
  return typeof key === 'string' && Object.hasOwn(GROUP_OF, key) ? GROUP_OF[key as LazyField] : undefined;
}

/** `p` with its keys in the order of an eagerly built record. */
export function inOrder(p: ProcessInfo): ProcessInfo {
  return Object.fromEntries(ordered(Object.keys(p)).map((k) => [k, p[k as keyof ProcessInfo]])) as unknown as ProcessInfo;
}

function ordered<K extends string | symbol>(keys: K[]): K[] {
  const rank = (k: string | symbol): number => (typeof k === 'string' && ORDER.includes(k) ? ORDER.indexOf(k) : ORDER.length);
  return keys.sort((a, b) => rank(a) - rank(b));
}

/**
 * Wrap `record` (pid, ppid, name and extra set) so that `fill(group, record)` runs once, on first
 * use of a field of that group, and sets that group's fields on `record` (leaving absent ones out).
 */
export function lazyProcess(record: Omit<ProcessInfo, 'cmdline'>, fill: (group: LazyGroup, record: ProcessInfo) => void): ProcessInfo {
  const target = record as ProcessInfo;
  const pending = new Set<LazyGroup>(['shown', 'rest']);
  const settle = (group: LazyGroup | undefined): void => {
    if (group === undefined || !pending.delete(group)) return;
    fill(group, target);
  };
  const settleKey = (key: string | symbol): void => settle(groupOf(key));
  return new Proxy(target, {
    get(t, k, receiver) {
      settleKey(k);
      return Reflect.get(t, k, receiver) as unknown;
    },
    has(t, k) {
      settleKey(k);
      return Reflect.has(t, k);
    },
    getOwnPropertyDescriptor(t, k) {
      settleKey(k);
      return Reflect.getOwnPropertyDescriptor(t, k);
    },
    ownKeys(t) {
      settle('shown');
      settle('rest');
      return ordered(Reflect.ownKeys(t));
    },
    set(t, k, v, receiver) {
      settleKey(k);
      return Reflect.set(t, k, v, receiver);
    },
    defineProperty(t, k, d) {
      settleKey(k);
      return Reflect.defineProperty(t, k, d);
    },
    deleteProperty(t, k) {
      settleKey(k);
      return Reflect.deleteProperty(t, k);
    },
  });
}
