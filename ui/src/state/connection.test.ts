import { describe, expect, it } from "vitest";
import { BerthError } from "../../berth-client";
import { backoffDelay } from "./backoff";
import { Connection, isLost, type Timers } from "./connection";

function fakeTimers() {
  let now = 0;
  const queue: { at: number; fn: () => void; id: number }[] = [];
  let ids = 0;
  const timers: Timers = {
    setTimeout(fn, ms) {
      const id = ++ids;
      queue.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout(id) {
      const i = queue.findIndex((t) => t.id === id);
      if (i >= 0) queue.splice(i, 1);
    },
    now: () => now,
  };
  const advance = async (ms: number) => {
    now += ms;
    for (;;) {
      queue.sort((a, b) => a.at - b.at);
      if (!queue.length || queue[0].at > now) break;
      queue.shift()!.fn();
      for (let i = 0; i < 5; i++) await Promise.resolve();
    }
  };
  return { timers, advance, pending: () => queue.map((t) => t.at - now) };
}

describe("backoffDelay", () => {
  it("doubles from the base to the cap, jitter only shortens", () => {
    const none = { random: () => 0 };
    expect([0, 1, 2, 3, 4, 5, 9].map((a) => backoffDelay(a, none))).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
    expect(backoffDelay(2, { random: () => 1, jitter: 0.2 })).toBe(1600);
  });
});

describe("isLost", () => {
  it("no answer or a 5xx without berth's JSON body is lost; berth's own errors are answers", () => {
    expect(isLost(new BerthError(0, "network"))).toBe(true);
    expect(isLost(new BerthError(502, "connect ECONNREFUSED", [], "connect ECONNREFUSED"))).toBe(true);
    expect(isLost(new BerthError(503, "engine away", [], { message: "engine away" }))).toBe(false);
    expect(isLost(new BerthError(404, "no", [], { message: "no" }))).toBe(false);
    expect(isLost(new BerthError(412, "stale", [], { message: "stale", etag: "x" }))).toBe(false);
  });
});

describe("Connection", () => {
  it("goes offline, probes with growing delays, and recovers once the probe answers", async () => {
    const { timers, advance, pending } = fakeTimers();
    let up = false;
    let probes = 0;
    const connection = new Connection(
      async () => {
        probes++;
        if (!up) throw new BerthError(0, "down");
      },
      timers,
      { random: () => 0 },
    );
    const states: boolean[] = [];
    connection.subscribe((s) => states.push(s.online));
    let recovered = 0;
    connection.onRecover(() => recovered++);

    connection.reportFailure(new BerthError(0, "socket gone"));
    expect(connection.current.online).toBe(false);
    expect(connection.current.lastError).toBe("socket gone");
    expect(pending()).toEqual([500]);
    connection.reportFailure(new BerthError(0, "again")); // no second probe loop
    expect(pending()).toEqual([500]);

    await advance(500);
    expect(probes).toBe(1);
    expect(connection.current.attempt).toBe(1);
    expect(pending()).toEqual([1000]);
    await advance(1000);
    expect(pending()).toEqual([2000]);
    up = true;
    await advance(2000);
    expect(probes).toBe(3);
    expect(connection.current.online).toBe(true);
    expect(recovered).toBe(1);
    expect(pending()).toEqual([]);
    expect(states[0]).toBe(false);
    expect(states[states.length - 1]).toBe(true);
  });

  it("an answer from any call brings it back before the probe does", async () => {
    const { timers, pending } = fakeTimers();
    const connection = new Connection(() => Promise.resolve(), timers);
    let recovered = 0;
    connection.onRecover(() => recovered++);
    connection.reportFailure(new BerthError(0, "gone"));
    connection.reportSuccess();
    expect(connection.current.online).toBe(true);
    expect(recovered).toBe(1);
    expect(pending()).toEqual([]);
    connection.reportSuccess();
    expect(recovered).toBe(1);
  });

  it("ignores failures that are berth's answers", () => {
    const connection = new Connection(() => Promise.resolve(), fakeTimers().timers);
    connection.reportFailure(new BerthError(404, "not found", [], { message: "not found" }));
    expect(connection.current.online).toBe(true);
  });
});
