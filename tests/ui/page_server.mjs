// Test-only page server: serves the built UI (ui/dist) on 127.0.0.1 with dd_client.js injected
// before the UI's scripts, and forwards the page's vm.service calls to berth's Unix socket. It
// stands where `berth dev --ui DIR --reply-shape data|plain` will: tests/ui/e2e.mjs starts the UI
// through servePage() only, so that swap is one line there.
import { readFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";

const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png" };

// One call to berth over its socket: {status, body} with the body as text; a socket that is not
// there is a 502 with the connect error (what the UI sees as a lost backend).
function forward(socketPath, call, delayMs) {
  return new Promise((resolve) => {
    const body = call.data === undefined ? undefined : JSON.stringify(call.data);
    const headers = { ...call.headers };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      headers["Content-Length"] = Buffer.byteLength(body);
    }
    const req = http.request({ socketPath, path: call.url, method: call.method, headers }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () =>
        setTimeout(() => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString("utf8") }), delayMs),
      );
    });
    req.on("error", (e) => resolve({ status: 502, body: `${e.code || "error"}: ${e.message}` }));
    req.end(body);
  });
}

/**
 * servePage({dist, socket, shape, inject, delay}) -> {url, close()}. `inject: false` serves the UI
 * without a ddClient (a plain browser); `delay(call)` may hold an answer back (ms) to make
 * responses arrive out of order.
 */
export async function servePage({ dist, socket, shape = "plain", inject = true, delay = () => 0 }) {
  let inFlight = 0;
  const shim = await readFile(new URL("./dd_client.js", import.meta.url), "utf8");
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, "http://x");
      if (req.method === "POST" && url.pathname === "/__dd/call") {
        const chunks = [];
        for await (const c of req) chunks.push(c);
        const call = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        inFlight++;
        const answer = await forward(socket, call, delay(call)).finally(() => inFlight--);
        res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(answer));
        return;
      }
      if (url.pathname === "/__dd/client.js") {
        res.writeHead(200, { "Content-Type": "text/javascript" }).end(shim);
        return;
      }
      const file = path.join(dist, path.normalize(url.pathname === "/" ? "/index.html" : url.pathname));
      if (!file.startsWith(dist)) return res.writeHead(403).end();
      let data = await readFile(file);
      if (file.endsWith("index.html") && inject) {
        const tag = `<script src="/__dd/client.js" data-shape="${shape}"></script>`;
        data = Buffer.from(data.toString("utf8").replace("<head>", `<head>\n    ${tag}`));
      }
      res.writeHead(200, { "Content-Type": types[path.extname(file)] || "application/octet-stream", "Cache-Control": "no-store" }).end(data);
    } catch (e) {
      res.writeHead(e.code === "ENOENT" ? 404 : 500).end(String(e.message));
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    /** vm.service calls not answered yet. */
    pending: () => inFlight,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}
