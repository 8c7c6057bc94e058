// Whether the backend answers. A call that gets no answer from berth (status 0, or a 5xx whose
// body is not berth's JSON error, i.e. Desktop's proxy found no socket) marks the connection
// lost; a probe then retries with back-off until berth answers, and listeners reload their data.
// A berth error (404, 412, the docker plugin's 503 {"message"}) is an answer: the backend is up.
import { BerthError } from "../../berth-client";
import { backoffDelay, type BackoffOptions } from "./backoff";

export interface ConnectionState {
  online: boolean;
  /** Failed probes since the connection was lost. */
  attempt: number;
  /** When the next probe runs (ms since the epoch), while offline. */
  retryAt: number | null;
  lastError: string | null;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

export function isLost(error: BerthError): boolean {
  if (error.status === 0) return true;
  const body = error.body as { message?: unknown } | null | undefined;
  const berthAnswered = typeof body === "object" && body !== null && typeof body.message === "string";
  return error.status >= 500 && !berthAnswered;
}

export class Connection {
  private state: ConnectionState = { online: true, attempt: 0, retryAt: null, lastError: null };
  private listeners = new Set<(state: ConnectionState) => void>();
  private recoverListeners = new Set<() => void>();
  private timer: unknown = null;

  constructor(
    private readonly probe: () => Promise<unknown>,
    private readonly timers: Timers = realTimers,
    private readonly backoff: BackoffOptions = {},
  ) {}

  get current(): ConnectionState {
    return this.state;
  }

  subscribe(listener: (state: ConnectionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called once each time the backend answers again after it was lost. */
  onRecover(listener: () => void): () => void {
    this.recoverListeners.add(listener);
    return () => this.recoverListeners.delete(listener);
  }

  reportSuccess(): void {
    if (this.state.online) return;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.set({ online: true, attempt: 0, retryAt: null, lastError: null });
    for (const listener of [...this.recoverListeners]) listener();
  }

  reportFailure(error: BerthError): void {
    if (!isLost(error)) return;
    if (this.state.online) {
      this.set({ online: false, attempt: 0, retryAt: null, lastError: error.message });
      this.schedule();
    } else {
      this.set({ ...this.state, lastError: error.message });
    }
  }

  private schedule(): void {
    if (this.timer !== null) return;
    const delay = backoffDelay(this.state.attempt, this.backoff);
    this.set({ ...this.state, retryAt: this.timers.now() + delay });
    this.timer = this.timers.setTimeout(() => void this.runProbe(), delay);
  }

  private async runProbe(): Promise<void> {
    this.timer = null;
    try {
      await this.probe();
      this.reportSuccess();
    } catch (error) {
      if (this.state.online) return; // another call already brought it back
      const message = error instanceof Error ? error.message : String(error);
      this.set({ ...this.state, attempt: this.state.attempt + 1, lastError: message });
      this.schedule();
    }
  }

  private set(state: ConnectionState): void {
    this.state = state;
    for (const listener of [...this.listeners]) listener(state);
  }
}
