import { describe, expect, it } from "vitest";
import { appendPage, firstPage, hasMore } from "./pages";
import { mergeLogs, emptyLogView, formatLine } from "./logs";
import { parseTags } from "./tags";
import { paramFields, paramProblem } from "./params";

const n = (id: number) => ({ id, title: `note ${id}` });

describe("pages over next_cursor", () => {
  it("appends pages in order until the cursor is null", () => {
    let paged = firstPage("q#1", [n(3), n(2)], "c1");
    expect(hasMore(paged)).toBe(true);
    paged = appendPage(paged, "q#1", [n(1)], null);
    expect(paged.items.map((x) => x.id)).toEqual([3, 2, 1]);
    expect(hasMore(paged)).toBe(false);
  });

  it("never shows an item twice and never appends another query's page", () => {
    let paged = firstPage("a#1", [n(3), n(2)], "c1");
    paged = appendPage(paged, "a#1", [n(2), n(1)], "c2");
    expect(paged.items.map((x) => x.id)).toEqual([3, 2, 1]);
    const other = appendPage(paged, "b#2", [n(9)], null);
    expect(other).toBe(paged);
  });
});

describe("log lines", () => {
  const line = (seq: number) => ({ seq, time: "t", level: "info", msg: `m${seq}`, plugin: null });
  it("appends new lines, keeps at most max, counts dropped ones", () => {
    let view = mergeLogs(emptyLogView, 0, { lines: [line(1), line(2)], next: 2, dropped: 0 });
    view = mergeLogs(view, 2, { lines: [line(2), line(3)], next: 3, dropped: 4 }, 2);
    expect(view.lines.map((l) => l.seq)).toEqual([2, 3]);
    expect(view.next).toBe(3);
    expect(view.missed).toBe(4);
  });
  it("prints a request line with method, path, status and latency", () => {
    const fields = { method: "GET", uri: "/hello/x", status: 200, latency_human: "0.04ms" };
    expect(formatLine({ ...line(7), msg: "request", plugin: "hello", fields })).toBe("t info  [hello] GET /hello/x 200 0.04ms");
    expect(formatLine(line(8))).toBe("t info  m8");
  });
  it("starts over when the host restarted (next below after)", () => {
    const view = mergeLogs({ lines: [line(50)], next: 50, missed: 1 }, 50, { lines: [line(1)], next: 1, dropped: 0 });
    expect(view.lines.map((l) => l.seq)).toEqual([1]);
    expect(view.missed).toBe(0);
  });
});

describe("forms", () => {
  it("tags: trimmed, empty and repeated ones dropped", () => {
    expect(parseTags(" a, b,,a ,c ")).toEqual(["a", "b", "c"]);
    expect(parseTags("")).toEqual([]);
  });
  it("runner params: one field per placeholder, checked whole against the pattern", () => {
    const fields = paramFields({ seconds: "^[1-9][0-9]?$", path: "/[a-z]*" });
    expect(fields.map((f) => f.name)).toEqual(["path", "seconds"]);
    expect(paramProblem(fields[1], "5")).toBeNull();
    expect(paramProblem(fields[1], "0")).toBe("must match ^[1-9][0-9]?$");
    expect(paramProblem(fields[0], "/abc/x")).toBe("must match /[a-z]*");
    expect(paramProblem({ name: "x", pattern: "(?P<n>a)" }, "zzz")).toBeNull(); // RE2-only syntax: berth decides
  });
});

describe("job results", () => {
  it("summarises a command's exit, else the JSON, cut", async () => {
    const { resultSummary } = await import("./result");
    expect(resultSummary({ exit_code: 0, signal: 0, timed_out: false })).toBe("exit 0");
    expect(resultSummary({ exit_code: -1, signal: 15, timed_out: false })).toBe("killed by signal 15");
    expect(resultSummary({ exit_code: -1, signal: 9, timed_out: true })).toBe("timed out");
    expect(resultSummary({ total_bytes: 5 })).toBe('{"total_bytes":5}');
    expect(resultSummary("x".repeat(100), 10)).toBe('"xxxxxxxx…');
    expect(resultSummary(null)).toBeNull();
  });
});
