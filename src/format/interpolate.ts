// The one interpolation syntax: ${name} for vars and captures, ${step.id} / ${step.name} for the
// container of a run step. "$${" is a literal "${". Values are substituted as text into single argv
// elements; they can never add arguments or reach a shell.

export interface Reference {
  /** The text between ${ and }, e.g. "procPid" or "sbx.id". */
  name: string;
  /** Offset of "$" in the string. */
  start: number;
  end: number;
}

const REF = /\$\$\{|\$\{([^}]*)\}/g;
export const REFERENCE_NAME = /^(?:[A-Za-z_][A-Za-z0-9_]*|[A-Za-z][A-Za-z0-9_-]*\.(?:id|name))$/;

export function findReferences(text: string): Reference[] {
  const out: Reference[] = [];
  for (const m of text.matchAll(REF)) {
    if (m[0] === '$${') continue;
    out.push({ name: (m[1] ?? '').trim(), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Substitute references; `lookup` returns undefined for unknown names, which are left as an error. */
export function interpolate(
  text: string,
  lookup: (name: string) => string | undefined,
): { value: string; missing: string[] } {
  const missing: string[] = [];
  const value = text.replace(REF, (whole: string, name: string | undefined) => {
    if (whole === '$${') return '${';
    const key = (name ?? '').trim();
    const v = lookup(key);
    if (v === undefined) {
      missing.push(key);
      return whole;
    }
    return v;
  });
  return { value, missing };
}
