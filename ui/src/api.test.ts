// The reply shapes Docker Desktop has used, through the same path the screens use: the generated
// client over a vm.service, with the Connection told about answers and lost backends.
import { describe, expect, it } from "vitest";
import { BerthError } from "../berth-client";
import { createApi, type DesktopService } from "./api";

type Shape = "plain" | "data" | "string";

function service(shape: Shape, routes: Record<string, () => unknown>, log: unknown[] = []): DesktopService {
  const reply = (value: unknown) =>
    shape === "data" ? { data: value } : shape === "string" ? JSON.stringify(value) : value;
  const answer = (method: string, url: string, data?: unknown, headers?: Record<string, string>) => {
    log.push({ method, url, data, headers });
    const route = routes[`${method} ${url}`];
    if (!route) return Promise.reject({ statusCode: 404, name: "HttpError", message: JSON.stringify({ message: `no route ${url}` }) });
    try {
      return Promise.resolve(reply(route()));
    } catch (error) {
      return Promise.reject(error);
    }
  };
  return {
    get: (url) => answer("GET", url),
    post: (url, data) => answer("POST", url, data),
    put: (url, data) => answer("PUT", url, data),
    patch: (url, data) => answer("PATCH", url, data),
    delete: (url) => answer("DELETE", url),
    request: (c) => answer(c.method, c.url, c.data, c.headers),
  };
}

const page = { notes: [{ id: 1, title: "a", body: "", tags: [], created: "c", updated: "u", etag: '"1-1"' }], next_cursor: "abc" };

describe.each(["plain", "data", "string"] as Shape[])("reply shape %s", (shape) => {
  it("decodes a page of notes and passes the query", async () => {
    const log: { url: string }[] = [];
    const api = createApi(service(shape, { "GET /notes?limit=50&q=a%20b": () => page }, log));
    const result = await api.client.notes.list({ limit: 50, q: "a b" });
    expect(result).toEqual(page);
    expect(log.map((l) => l.url)).toEqual(["/notes?limit=50&q=a%20b"]);
  });

  it("turns a rejection into BerthError with berth's message, and the backend counts as up", async () => {
    const api = createApi(service(shape, {}));
    const error = await api.client.notes.get("9").catch((e) => e);
    expect(error).toBeInstanceOf(BerthError);
    expect(error.status).toBe(404);
    expect(error.message).toBe("no route /notes/9");
    expect(api.connection.current.online).toBe(true);
  });

  it("sends If-Match through request() and reads a 412", async () => {
    const log: { headers?: Record<string, string> }[] = [];
    const api = createApi(
      service(shape, {
        "PUT /notes/1": () => {
          throw { statusCode: 412, name: "HttpError", message: JSON.stringify({ message: "note 1 was changed by someone else", etag: '"1-2"' }) };
        },
      }, log),
    );
    const error = await api.withHeaders({ "If-Match": '"1-1"' }).notes.replace("1", { title: "x" }).catch((e) => e);
    expect(error.status).toBe(412);
    expect(error.body).toEqual({ message: "note 1 was changed by someone else", etag: '"1-2"' });
    expect(log[0].headers).toEqual({ "If-Match": '"1-1"', "Content-Type": "application/json" });
  });
});

describe("a lost backend", () => {
  it("a 5xx that is not berth's JSON marks the connection lost", async () => {
    const api = createApi(service("plain", {
      "GET /_berth/plugins": () => {
        throw { statusCode: 502, name: "Error", message: "connect ECONNREFUSED /run/guest-services/backend.sock" };
      },
    }));
    await expect(api.client.berth.listPlugins()).rejects.toThrow("ECONNREFUSED");
    expect(api.connection.current.online).toBe(false);
  });
});
