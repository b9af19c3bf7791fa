// A counting semaphore: a fleet's targets share one, so `--jobs` bounds the scenarios running at
// once over all targets, not per target.
export interface Limiter {
  /** Resolves with the release function once a slot is free. */
  acquire(): Promise<() => void>;
}

export function createLimiter(slots: number): Limiter {
  let free = Math.max(1, slots);
  const waiting: (() => void)[] = [];
  const release = (): void => {
    const next = waiting.shift();
    if (next !== undefined) next();
    else free++;
  };
  return {
    acquire() {
      if (free > 0) {
        free--;
        return Promise.resolve(once(release));
      }
      return new Promise((res) => waiting.push(() => res(once(release))));
    },
  };
}

/** A release that counts once however often it is called (a finally and an error path may both call it). */
function once(f: () => void): () => void {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      f();
    }
  };
}
