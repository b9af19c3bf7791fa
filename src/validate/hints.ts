// Hints where scenario authors got stuck (issue 10), added to the problem YAML or the schema
// reported. YAML's own words ("Missing , or : between flow sequence items") do not say that an
// unquoted `${x}` in `[…]` starts a flow mapping, or that `because: the page says: x` is a
// mapping; the schema cannot say that `gvisor` is our `sandbox` or that `contains` belongs under
// `output`. Each hint keeps the problem's code and points at the value to change.
import type { Problem } from '../errors.js';

/** Other names authors use for an isolation mode (lower case) → the mode. */
const ISOLATION_ALIASES: Record<string, [mode: string, why: string]> = {
  gvisor: ['sandbox', 'gVisor is the sandbox mode; runtime: runsc pins that runtime'],
  runsc: ['sandbox', 'runsc (gVisor) is the sandbox mode; runtime: runsc pins that runtime'],
  kata: ['hyperv', 'a VM per container is the hyperv mode; on Linux it runs Kata Containers'],
  'kata-runtime': ['hyperv', 'a VM per container is the hyperv mode; on Linux it runs Kata Containers'],
  'kata-containers': ['hyperv', 'a VM per container is the hyperv mode; on Linux it runs Kata Containers'],
  vm: ['hyperv', 'a VM per container is the hyperv mode'],
  runc: ['process', 'runc is the process mode'],
};

/** `; did you mean "sandbox"? (gVisor is …)` for an isolation mode written as a runtime's name. */
export function isolationAlias(value: string): string | undefined {
  const hit = ISOLATION_ALIASES[value.toLowerCase()];
  return hit ? `; did you mean "${hit[0]}"? (${hit[1]})` : undefined;
}

/** The keys of an output/stderr check, written directly under an expectation. */
const TEXT_CHECKS = new Set(['contains', 'notContains', 'matches', 'notMatches', 'block']);

/** `; did you mean output: { contains: … }? (or stderr: …)` for a bare text check in an expectation. */
export function bareTextCheck(key: string, context: string): string | undefined {
  if (context !== 'expectation' || !TEXT_CHECKS.has(key)) return undefined;
  return `; did you mean "output: { ${key}: … }"? (${key} is a check on a text: put it under output or stderr)`;
}

/** `; if it is text with ": " in it, quote it: "a: b"` for a one-entry mapping where a string belongs. */
export function mappingForString(data: unknown): string {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return '';
  const entries = Object.entries(data);
  const [k, v] = entries[0] ?? [];
  if (entries.length !== 1 || k === undefined || (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')) return '';
  return `; YAML read the text as a mapping because of the ": " in it: quote this value: "${`${k}: ${String(v)}`.replace(/["\\]/g, '\\$&')}"`;
}

/** Where the value of `[`/`{`/`,` … `${x}` starts on a line, outside quotes, and the plain scalar it is in. */
function unquotedReference(line: string): { col: number; value: string } | undefined {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote !== undefined) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '#' && (i === 0 || /\s/.test(line[i - 1] ?? ''))) return undefined;
    if (c === '"' || c === "'") {
      quote = c;
      continue;
    }
    if (c !== '$' || line[i + 1] !== '{') continue;
    const close = line.indexOf('}', i);
    if (close === -1) return undefined;
    // The plain scalar around it: back to the flow indicator or indentation, on to the next one.
    let start = i;
    while (start > 0 && !/[[{,\s]/.test(line[start - 1] ?? '')) start--;
    let end = close + 1;
    while (end < line.length && !/[\]},\s]/.test(line[end] ?? '')) end++;
    return { col: start + 1, value: line.slice(start, end) };
  }
  return undefined;
}

const NESTED = /Nested mappings are not allowed in compact mappings|Implicit map keys need to be|mapping values are not allowed/;
/** `key: text: more` on one line: the key, and where its value starts. */
const KEY_VALUE = /^(\s*(?:-\s+)?)([A-Za-z_$][\w$-]*):\s+(?![\s"'[{|>&*!%@`#])/;

/** YAML syntax problems with the hints above; the position moves to the value to quote. */
export function yamlHints(problems: readonly Problem[], text: string): Problem[] {
  const lines = text.split('\n');
  const hinted = new Set<number>();
  return problems.map((p) => {
    if (p.code !== 'yaml-syntax') return p;
    const line = lines[p.line - 1] ?? '';
    if (NESTED.test(p.message)) {
      const m = KEY_VALUE.exec(line);
      const value = m ? line.slice(m[0].length).replace(/\s+#.*$/, '').trimEnd() : '';
      if (m && value.includes(': ')) {
        return { ...p, col: m[0].length + 1, message: `${p.message}; the ": " in the value of "${m[2] ?? ''}" makes it a mapping: quote this value: ${m[2] ?? ''}: ${JSON.stringify(value)}` };
      }
    }
    // An unquoted ${x} in a flow list or mapping: on this line or one of the few before it.
    for (let n = p.line; n >= Math.max(1, p.line - 3); n--) {
      const ref = unquotedReference(lines[n - 1] ?? '');
      if (!ref || !/[[{]/.test(lines.slice(Math.max(0, n - 4), n).join('\n'))) continue;
      if (hinted.has(n)) return p;
      hinted.add(n);
      const why = 'in [ … ] and { … } YAML reads an unquoted { as the start of a mapping';
      return { ...p, line: n, col: ref.col, message: `${p.message}; quote this value: ${JSON.stringify(ref.value)} (${why})` };
    }
    return p;
  });
}
