// Poll until a condition yields a value: for e2e tests that wait on real engines and processes.

/** The first non-undefined value of f, polled every stepMs; throws after ms. */
export async function waitUntil<T>(f: () => T | undefined, ms: number, stepMs = 50): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
