// Only the newest request's answer may land: a search typed quickly sends several requests, and
// an older one answering last must not overwrite the newer result (or, worse, append to it).

export interface Latest {
  /** Runs `fn`; resolves to its value, or to `stale` when a newer run started meanwhile. */
  run<T>(fn: () => Promise<T>): Promise<T | typeof STALE>;
  /** Makes every run in flight stale (e.g. when the screen is left). */
  invalidate(): void;
}

export const STALE: unique symbol = Symbol("stale");

export function createLatest(): Latest {
  let generation = 0;
  return {
    async run(fn) {
      const mine = ++generation;
      try {
        const value = await fn();
        return mine === generation ? value : STALE;
      } catch (error) {
        if (mine !== generation) return STALE;
        throw error;
      }
    },
    invalidate() {
      generation++;
    },
  };
}
