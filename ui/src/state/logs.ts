// The host's log lines as the Logs screen keeps them: appended in seq order, at most `max`, and
// started over when the host restarted (its `next` went below the `after` we sent).

export interface LogLine {
  seq: number;
  time: string;
  level: string;
  msg: string;
  plugin: string | null;
  fields?: Record<string, unknown>;
}

/** One line as the screen prints it; a request line names its method, path, status and time. */
export function formatLine(line: LogLine): string {
  const f = line.fields ?? {};
  const where = line.plugin ? `[${line.plugin}] ` : "";
  const text =
    line.msg === "request" && typeof f.uri === "string"
      ? `${String(f.method ?? "")} ${f.uri} ${String(f.status ?? "")} ${String(f.latency_human ?? "")}`.trim()
      : line.msg;
  return `${line.time} ${line.level.padEnd(5)} ${where}${text}`;
}

export interface LogView {
  lines: LogLine[];
  next: number;
  /** Lines the host dropped before we read them. */
  missed: number;
}

export const emptyLogView: LogView = { lines: [], next: 0, missed: 0 };

export function mergeLogs(
  view: LogView,
  after: number,
  answer: { lines: LogLine[]; next: number; dropped: number },
  max = 500,
): LogView {
  const restarted = answer.next < after;
  const base = restarted ? [] : view.lines;
  const last = base.length ? base[base.length - 1].seq : 0;
  const fresh = answer.lines.filter((line) => restarted || line.seq > last);
  const lines = [...base, ...fresh].slice(-max);
  return { lines, next: answer.next, missed: (restarted ? 0 : view.missed) + answer.dropped };
}
