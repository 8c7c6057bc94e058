import { describe, expect, it } from "vitest";
import { BerthError, type JobState } from "../../berth-client";
import { followJob } from "./follow";

type J = { id: string; state: JobState; version: number };

describe("followJob", () => {
  it("reports each new version until the job ends, long-polling on the last version", async () => {
    const answers: J[] = [
      { id: "j", state: "running", version: 1 },
      { id: "j", state: "running", version: 1 }, // a long poll that timed out
      { id: "j", state: "running", version: 2 },
      { id: "j", state: "succeeded", version: 3 },
    ];
    const queries: unknown[] = [];
    const seen: number[] = [];
    const handle = followJob<J>({
      get: async (q) => (queries.push(q), answers.shift()!),
      onUpdate: (job) => seen.push(job.version),
      waitSeconds: 5,
    });
    await handle.done;
    expect(seen).toEqual([1, 2, 3]);
    expect(queries).toEqual([{}, { wait: 5, version: 1 }, { wait: 5, version: 1 }, { wait: 5, version: 2 }]);
  });

  it("retries while the backend is lost and shows a state change at the same version (interrupted by a restart)", async () => {
    const answers: (J | BerthError)[] = [
      { id: "j", state: "running", version: 4 },
      new BerthError(0, "socket gone"),
      new BerthError(502, "connect ECONNREFUSED"),
      { id: "j", state: "interrupted", version: 4 },
    ];
    const states: string[] = [];
    const errors: string[] = [];
    const handle = followJob<J>({
      get: async () => {
        const next = answers.shift()!;
        if (next instanceof BerthError) throw next;
        return next;
      },
      onUpdate: (job) => states.push(job.state),
      onError: (e) => errors.push((e as Error).message),
      sleep: async () => {},
    });
    await handle.done;
    expect(states).toEqual(["running", "interrupted"]);
    expect(errors).toEqual(["socket gone", "connect ECONNREFUSED"]);
  });

  it("ends on an answer that is an error (the job is gone) and stops when asked", async () => {
    let calls = 0;
    const gone = followJob<J>({
      get: async () => {
        calls++;
        throw new BerthError(404, "no job j", [], { message: "no job j" });
      },
      onUpdate: () => {},
    });
    await gone.done;
    expect(calls).toBe(1);

    let updates = 0;
    const stopped = followJob<J>({ get: async () => ({ id: "j", state: "running", version: ++calls }), onUpdate: () => updates++ });
    stopped.stop();
    await stopped.done;
    expect(updates).toBe(0);
  });
});
