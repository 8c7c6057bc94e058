// A finished job's result in one short line for the past-jobs table: a command's exit status,
// else the compact JSON, cut.
export function resultSummary(result: unknown, max = 80): string | null {
  if (result === undefined || result === null) return null;
  if (typeof result === "object" && "exit_code" in result) {
    const r = result as { exit_code: unknown; signal?: unknown; timed_out?: unknown };
    if (r.timed_out === true) return "timed out";
    if (typeof r.signal === "number" && r.signal !== 0) return `killed by signal ${r.signal}`;
    return `exit ${String(r.exit_code)}`;
  }
  const text = JSON.stringify(result);
  return text.length > max ? text.slice(0, max - 1) + "…" : text;
}
