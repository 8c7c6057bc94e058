// ---- runtime: the same in every generated client -------------------------------------------
// No imports and no DOM or Node types: the module compiles with lib es2020 alone, and runs in
// Docker Desktop's renderer, a browser and Node 18+.

/** An object shaped like Docker Desktop's `ddClient.extension.vm.service`. */
export interface ServiceLike {
  get(url: string, data?: unknown): Promise<unknown>;
  post(url: string, data?: unknown): Promise<unknown>;
  put(url: string, data?: unknown): Promise<unknown>;
  patch(url: string, data?: unknown): Promise<unknown>;
  delete(url: string, data?: unknown): Promise<unknown>;
}

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * What a client sends requests through. `send` resolves to the reply as the transport got it
 * (any of the shapes `decodeReply` accepts) and rejects with `{statusCode, message}` or a
 * `BerthError` on a non-2xx answer.
 */
export interface Transport {
  send(method: HttpMethod, path: string, body: unknown): Promise<unknown>;
}

/** One violation the host found in a request: `in` body, query or path; `path` a JSON pointer. */
export interface ValidationIssue {
  in: string;
  path: string;
  message: string;
}

/**
 * Every failed call: `status` is the HTTP status (0 when no answer came: network, socket, a
 * timeout of `jobs.wait`), `message` berth's one-line message, `errors` the violations of a 400
 * (empty otherwise), `body` the parsed error body.
 */
export class BerthError extends Error {
  readonly status: number;
  readonly errors: ValidationIssue[];
  readonly body: unknown;
  constructor(status: number, message: string, errors: ValidationIssue[] = [], body?: unknown) {
    super(message);
    this.name = "BerthError";
    this.status = status;
    this.errors = errors;
    this.body = body;
  }
}

type Json = { [key: string]: unknown };

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// Docker Desktop >= 4.42 wraps replies as {data: <reply>}. A reply that is itself an object whose
// only key is `data` would look the same, so only that exact shape is unwrapped, and an operation
// whose result declares a `data` property (`ownData`) is unwrapped only when the value inside
// has a `data` key of its own, as its wrapped form must.
function isWrapped(value: unknown, ownData: boolean): value is { data: unknown } {
  if (!isObject(value)) return false;
  const keys = Object.keys(value);
  if (keys.length !== 1 || keys[0] !== "data") return false;
  return !ownData || (isObject(value.data) && "data" in value.data);
}

/** How an operation's reply is read: `text` for a non-JSON body, `ownData` see `decodeReply`. */
export interface ReplyHint {
  text?: boolean;
  ownData?: boolean;
}

/**
 * The reply as the operation's type, from any shape Docker Desktop has delivered: the parsed JSON
 * value, the body as a JSON string, or either of them wrapped as `{data: ...}` (unwrapped only
 * when `data` is the only key). An empty body (204) is `undefined`.
 */
export function decodeReply(reply: unknown, hint: ReplyHint = {}): unknown {
  let value = isWrapped(reply, hint.ownData === true) ? reply.data : reply;
  if (typeof value !== "string" || hint.text) return value;
  if (value === "") return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function isIssue(value: unknown): value is ValidationIssue {
  return isObject(value) && typeof value.message === "string";
}

/** A BerthError for an answer with this status and body (text, parsed, or wrapped). */
export function httpError(status: number, body: unknown): BerthError {
  let parsed = decodeReply(body);
  let message = `HTTP ${status}`;
  if (isObject(parsed) && typeof parsed.message === "string") message = parsed.message;
  else if (typeof parsed === "string" && parsed !== "") message = parsed;
  const errors = isObject(parsed) && Array.isArray(parsed.errors) ? parsed.errors.filter(isIssue) : [];
  return new BerthError(status, message, errors, parsed);
}

/** Whatever a transport rejected with, as a BerthError. */
export function toBerthError(error: unknown): BerthError {
  if (error instanceof BerthError) return error;
  if (isObject(error) && typeof error.statusCode === "number")
    return httpError(error.statusCode, error.message);
  if (error instanceof Error) return new BerthError(0, error.message, [], undefined);
  return new BerthError(0, String(error), [], undefined);
}

/** A Transport over `ddClient.extension.vm.service` (or anything shaped like it). */
export function serviceTransport(service: ServiceLike): Transport {
  return {
    send(method, path, body) {
      switch (method) {
        case "GET":
          return service.get(path);
        case "DELETE":
          return service.delete(path);
        case "POST":
          return service.post(path, body);
        case "PUT":
          return service.put(path, body);
        case "PATCH":
          return service.patch(path, body);
      }
    },
  };
}

/** The part of a fetch Response the client reads. */
export interface FetchResponseLike {
  ok: boolean;
  status: number;
  text(): Promise<string>;
}

export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<FetchResponseLike>;

export interface FetchOptions {
  /** Default: the global fetch (browsers, Node 18+). */
  fetch?: FetchLike;
  /** Sent with every request. */
  headers?: Record<string, string>;
}

/**
 * A Transport over fetch, for development outside Docker Desktop: `baseUrl` is where berth
 * listens, e.g. "http://127.0.0.1:8080" (server.tcp in berth.yaml).
 */
export function fetchTransport(baseUrl: string, options: FetchOptions = {}): Transport {
  const base = baseUrl.replace(/\/+$/, "");
  return {
    async send(method, path, body) {
      const fetchFn = options.fetch ?? (globalThis as { fetch?: FetchLike }).fetch;
      if (!fetchFn) throw new BerthError(0, "no fetch: pass options.fetch", [], undefined);
      const headers: Record<string, string> = { ...options.headers };
      let payload: string | undefined;
      if (body !== undefined) {
        payload = JSON.stringify(body);
        headers["Content-Type"] = "application/json";
      }
      const response = await fetchFn(base + path, { method, headers, body: payload });
      const text = await response.text();
      if (!response.ok) throw httpError(response.status, text);
      return text;
    },
  };
}

function toTransport(target: ServiceLike | Transport): Transport {
  return typeof (target as Transport).send === "function"
    ? (target as Transport)
    : serviceTransport(target as ServiceLike);
}

async function call<T>(
  transport: Transport,
  method: HttpMethod,
  path: string,
  body: unknown,
  hint: ReplyHint,
): Promise<T> {
  let reply: unknown;
  try {
    reply = await transport.send(method, path, body);
  } catch (error) {
    throw toBerthError(error);
  }
  return decodeReply(reply, hint) as T;
}

export type QueryValue = string | number | boolean | null | undefined | ReadonlyArray<string | number | boolean>;

/**
 * The query of a GET whose document declares no query parameters: OpenAPI cannot tell "none"
 * from "not declared" (a plugin without a query_schema), so such a route takes any, sent as is.
 */
export type OpenQuery = Record<string, QueryValue>;

/** "?a=1&b=x" from an object (undefined and null left out, arrays repeated), or "". */
function queryString(query: object | undefined): string {
  if (!query) return "";
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query as Record<string, QueryValue>)) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value])
      parts.push(encodeURIComponent(key) + "=" + encodeURIComponent(String(item)));
  }
  return parts.length ? "?" + parts.join("&") : "";
}

function segment(value: unknown): string {
  return encodeURIComponent(String(value));
}

export type JobState = "queued" | "running" | "succeeded" | "failed" | "cancelled" | "interrupted";

/** The states a job never leaves. */
export const TERMINAL_STATES: readonly JobState[] = ["succeeded", "failed", "cancelled", "interrupted"];

declare const jobResultType: unique symbol;
/** A job id that remembers the type of the job's result, for `jobs.get`/`wait`/`progress`. */
export type JobId<R = unknown> = string & { readonly [jobResultType]?: R };

export interface FollowOptions<R> {
  /** Seconds each long poll may wait for a change (1-60, default 10). */
  waitSeconds?: number;
  /** Give up after this long with a BerthError of status 0 (default: never). */
  timeoutMs?: number;
  /** Pause after a poll failed with no answer or a 5xx, before polling again (default 1000). */
  retryMs?: number;
  /** Called with every new version of the job, the first and the last included. */
  onUpdate?: (job: Job<R>) => void;
}

function sleep(ms: number): Promise<void> {
  const timers = globalThis as unknown as { setTimeout(fn: () => void, ms: number): unknown };
  return new Promise((resolve) => timers.setTimeout(resolve, ms));
}

function isTerminal(state: unknown): boolean {
  return TERMINAL_STATES.includes(state as JobState);
}

// Long-polls GET /_berth/jobs/{id}?wait=&version=: the host answers as soon as the job's version
// differs from the one given, or after `wait` seconds with the job unchanged.
async function* followJob<R>(
  transport: Transport,
  id: string,
  options: FollowOptions<R>,
): AsyncGenerator<Job<R>, Job<R>, undefined> {
  const path = "/_berth/jobs/" + segment(id);
  const wait = Math.min(60, Math.max(1, Math.floor(options.waitSeconds ?? 10)));
  const deadline = options.timeoutMs === undefined ? undefined : Date.now() + options.timeoutMs;
  let job = await call<Job<R>>(transport, "GET", path, undefined, {});
  options.onUpdate?.(job);
  yield job;
  while (!isTerminal(job.state)) {
    if (deadline !== undefined && Date.now() > deadline)
      throw new BerthError(0, `gave up following job ${id} after ${options.timeoutMs} ms`, [], job);
    let next: Job<R>;
    try {
      next = await call<Job<R>>(transport, "GET", `${path}?wait=${wait}&version=${job.version}`, undefined, {});
    } catch (error) {
      const failure = toBerthError(error);
      if (failure.status !== 0 && failure.status < 500) throw failure;
      await sleep(options.retryMs ?? 1000);
      continue;
    }
    if (next.version === job.version) continue;
    job = next;
    options.onUpdate?.(job);
    yield job;
  }
  return job;
}

export interface JobListQuery {
  plugin?: string;
  state?: JobState;
  include?: string;
  limit?: number;
}

function jobsApi(transport: Transport) {
  return {
    /** GET /_berth/jobs/{id}: the job as it is now (include: "params,result,log"). */
    get<R = unknown>(id: JobId<R> | string, include?: string): Promise<Job<R>> {
      const path = "/_berth/jobs/" + segment(id) + queryString({ include });
      return call<Job<R>>(transport, "GET", path, undefined, {});
    },
    /** GET /_berth/jobs: jobs, newest first. */
    async list(query?: JobListQuery): Promise<Job[]> {
      const reply = await call<{ jobs: Job[] }>(transport, "GET", "/_berth/jobs" + queryString(query), undefined, {});
      return reply.jobs;
    },
    /** POST /_berth/jobs/{id}/cancel: asks a queued or running job to stop. */
    cancel<R = unknown>(id: JobId<R> | string): Promise<Job<R>> {
      return call<Job<R>>(transport, "POST", "/_berth/jobs/" + segment(id) + "/cancel", undefined, {});
    },
    /** Every new version of the job until it ends (the last one is terminal). */
    progress<R = unknown>(id: JobId<R> | string, options: FollowOptions<R> = {}): AsyncGenerator<Job<R>, Job<R>, undefined> {
      return followJob<R>(transport, id, options);
    },
    /** The job once it ended (succeeded, failed, cancelled or interrupted); never throws for those. */
    async wait<R = unknown>(id: JobId<R> | string, options: FollowOptions<R> = {}): Promise<Job<R>> {
      const updates = followJob<R>(transport, id, options);
      for (;;) {
        const step = await updates.next();
        if (step.done) return step.value;
        if (isTerminal(step.value.state)) return step.value;
      }
    },
  };
}

async function startJob<R>(transport: Transport, path: string, params: unknown): Promise<JobId<R>> {
  const started = await call<{ id: string }>(transport, "POST", path, params ?? {}, {});
  return started.id as JobId<R>;
}
