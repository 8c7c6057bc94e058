import { describe, expect, it } from "vitest";
import { createLatest, STALE } from "./latest";
import { debounce } from "./debounce";
import { vi } from "vitest";

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe("createLatest", () => {
  it("drops an older answer that arrives after a newer one", async () => {
    const latest = createLatest();
    const slow = deferred<string>();
    const fast = deferred<string>();
    const first = latest.run(() => slow.promise);
    const second = latest.run(() => fast.promise);
    fast.resolve("new");
    slow.resolve("old");
    expect(await second).toBe("new");
    expect(await first).toBe(STALE);
  });

  it("drops a stale failure and passes the newest one on", async () => {
    const latest = createLatest();
    const old = latest.run(() => Promise.reject(new Error("old")));
    const current = latest.run(() => Promise.reject(new Error("current")));
    expect(await old).toBe(STALE);
    await expect(current).rejects.toThrow("current");
  });

  it("invalidate makes runs in flight stale", async () => {
    const latest = createLatest();
    const run = latest.run(() => Promise.resolve(1));
    latest.invalidate();
    expect(await run).toBe(STALE);
  });
});

describe("debounced search with stale answers", () => {
  it("typing fast sends one request per pause and shows only the last query's result", async () => {
    vi.useFakeTimers();
    try {
      const latest = createLatest();
      const sent: string[] = [];
      const pending = new Map<string, ReturnType<typeof deferred<string[]>>>();
      let shown: string[] = [];
      const search = debounce((q: string) => {
        sent.push(q);
        const answer = deferred<string[]>();
        pending.set(q, answer);
        void latest.run(() => answer.promise).then((rows) => {
          if (rows !== STALE) shown = rows;
        });
      }, 250);
      for (const q of ["n", "no", "not"]) {
        search(q);
        vi.advanceTimersByTime(100);
      }
      vi.advanceTimersByTime(300); // a pause: "not" goes out
      search("note");
      vi.advanceTimersByTime(300); // another pause: "note" goes out
      expect(sent).toEqual(["not", "note"]);
      pending.get("note")!.resolve(["note 1"]);
      await Promise.resolve();
      pending.get("not")!.resolve(["not 1", "note 1", "nothing"]); // the older query answers last
      await vi.runAllTimersAsync();
      expect(shown).toEqual(["note 1"]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("cancel drops a pending call and flush runs it now", () => {
    vi.useFakeTimers();
    try {
      const calls: number[] = [];
      const d = debounce((n: number) => calls.push(n), 100);
      d(1);
      d.cancel();
      vi.advanceTimersByTime(200);
      d(2);
      d.flush();
      expect(calls).toEqual([2]);
      vi.advanceTimersByTime(200);
      expect(calls).toEqual([2]);
    } finally {
      vi.useRealTimers();
    }
  });
});
