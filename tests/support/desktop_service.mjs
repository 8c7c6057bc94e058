// Docker Desktop's ddClient.extension.vm.service, as the tests of the generated client and the
// UI's API use it against a real berth over its Unix socket: JSON.stringify'd bodies, the answer
// parsed when it is JSON (else text), a non-2xx rejected as {statusCode, name, message: <the body
// as text>}. `shape` is how a resolved value is delivered: "plain" (parsed), "data" ({data:
// parsed}, Desktop >= 4.42) or "string" (the body text).
import assert from "node:assert/strict";
import http from "node:http";

export function desktopService(socketPath, shape) {
  const request = (method, url, data) =>
    new Promise((resolve, reject) => {
      const headers = {};
      let body;
      if (data !== undefined) {
        body = typeof data === "string" ? data : JSON.stringify(data);
        headers["Content-Type"] = typeof data === "string" ? "text/plain" : "application/json";
      }
      const req = http.request({ socketPath, method, path: url, headers }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => (text += chunk));
        res.on("end", () => {
          if (res.statusCode < 200 || res.statusCode > 299)
            return reject({ statusCode: res.statusCode, name: "HttpError", message: text });
          let parsed = text;
          try {
            parsed = JSON.parse(text);
          } catch {}
          if (shape === "string") resolve(text);
          else if (shape === "data") resolve({ data: parsed });
          else resolve(parsed);
        });
      });
      req.on("error", reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
  return {
    get: (url) => request("GET", url),
    post: (url, data) => request("POST", url, data),
    put: (url, data) => request("PUT", url, data),
    patch: (url, data) => request("PATCH", url, data),
    delete: (url) => request("DELETE", url),
  };
}

// What `promise` rejected with; fails the test when it resolved.
export async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail("expected a rejection");
}
