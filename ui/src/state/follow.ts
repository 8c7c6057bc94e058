// Follows one job by long poll until it ends or the caller stops. Unlike a plain version check it
// also takes an answer whose state changed at the same version: a host that restarted marks its
// running jobs interrupted, and the page must show that however the version was counted.
// Failures with no answer (backend lost) are retried after `retryMs`; other failures end it.
import { BerthError, TERMINAL_STATES, type JobState } from "../../berth-client";

export interface JobLike {
  id: string;
  state: JobState;
  version: number;
}

export interface FollowHandle {
  stop(): void;
  done: Promise<void>;
}

export interface FollowOptions<J> {
  get(query: { wait?: number; version?: number }): Promise<J>;
  onUpdate(job: J): void;
  onError?(error: unknown): void;
  waitSeconds?: number;
  retryMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export const isTerminal = (state: JobState) => TERMINAL_STATES.includes(state);

export function followJob<J extends JobLike>(options: FollowOptions<J>): FollowHandle {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let stopped = false;
  const done = (async () => {
    let last: J | undefined;
    while (!stopped) {
      let next: J;
      try {
        next = await options.get(last ? { wait: options.waitSeconds ?? 5, version: last.version } : {});
      } catch (error) {
        if (stopped) return;
        options.onError?.(error);
        const answered = error instanceof BerthError && error.status > 0 && error.status < 500;
        if (answered) return;
        await sleep(options.retryMs ?? 1000);
        continue;
      }
      if (stopped) return;
      if (!last || next.version !== last.version || next.state !== last.state) {
        last = next;
        options.onUpdate(next);
      }
      if (isTerminal(next.state)) return;
    }
  })();
  return {
    stop() {
      stopped = true;
    },
    done,
  };
}
