// The host's log lines as the Logs screen keeps them: appended in seq order, at most `max`, and
// started over when the host restarted (its `next` went below the `after` we sent).

export interface LogLine {
  seq: number;
  time: string;
  level: string;
  msg: string;
  plugin: string | null;
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
