// The built UI (ui/dist) served as any static file server serves it, with no ddClient: what a
// plain browser opening the page outside Docker Desktop and `berth dev` gets.
import { readFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";

const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png" };

/** serveStatic(dist) -> {url, close()} on 127.0.0.1. */
export async function serveStatic(dist) {
  const server = http.createServer(async (req, res) => {
    try {
      const { pathname } = new URL(req.url, "http://x");
      const file = path.join(dist, path.normalize(pathname === "/" ? "/index.html" : pathname));
      if (!file.startsWith(dist)) return res.writeHead(403).end();
      const data = await readFile(file);
      res.writeHead(200, { "Content-Type": types[path.extname(file)] || "application/octet-stream" }).end(data);
    } catch (e) {
      res.writeHead(e.code === "ENOENT" ? 404 : 500).end(String(e.message));
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}
