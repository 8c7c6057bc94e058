// The real berth for the UI tests, through `berth dev`: a config in a temp folder (hello, notes,
// runner with a countdown, docker pointed at a socket with no engine, or at a real engine's),
// the backend started, killed and started again on the same data, and a direct client over its
// socket for seeding and for changes "elsewhere".
import { spawn } from "node:child_process";
import { openSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";

export function writeConfig(dir, pluginDir, dockerSocket = `${dir}/no-engine.sock`) {
  const file = path.join(dir, "berth.yaml");
  writeFileSync(
    file,
    `server: {socket: ${dir}/backend.sock}
data_dir: ${dir}/data
log: {level: info}
plugin_dirs: [${pluginDir}]
plugins:
  - name: hello
    mount: /
    config: {greeting: hello}
  - name: notes
  - name: runner
    config:
      usage_path: ${dir}
      commands:
        countdown:
          description: A long job that reports progress
          argv: [sh, -c, 'for i in $(seq 1 {seconds}); do echo "PROGRESS $((i * 100 / {seconds})) step $i"; sleep 1; done']
          params: {seconds: "^[1-9][0-9]?$"}
  - name: docker
    config: {socket: ${dockerSocket}, connect_timeout: 1s, retry_interval: 1s}
`,
  );
  return file;
}

/** call(socket, method, url, body?, headers?) -> {status, body (parsed JSON or text)}. */
export function call(socket, method, url, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const h = { ...headers };
    if (data !== undefined) Object.assign(h, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(data) });
    const req = http.request({ socketPath: socket, path: url, method, headers: h }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let parsed = text;
        try {
          parsed = JSON.parse(text);
        } catch {}
        resolve({ status: res.statusCode, body: parsed });
      });
    });
    req.on("error", reject);
    req.end(data);
  });
}

// Whether a child process has ended (a signal leaves exitCode null).
const ended = (child) => child.exitCode !== null || child.signalCode !== null;

// The URL berth dev printed in its log, else null.
function printedUrl(log) {
  return readFileSync(log, "utf8").match(/^berth dev: (http:\/\/127\.0\.0\.1:\d+\/)$/m)?.[1] ?? null;
}

export class Berth {
  // `berth dev`, whose page server serves `dev.dist` with the emulated ddClient at `this.url` in
  // the reply shape `dev.shape`: the backend in berth dev's process (as `make dev` runs it), or
  // with `dev.apart` a berth of its own that berth dev forwards to (--backend-socket), so that
  // kill() and start() kill and restart the backend while the page server keeps serving the page.
  constructor(binary, dir, pluginDir, dockerSocket, dev) {
    this.binary = binary;
    this.dev = dev;
    this.url = null;
    this.dir = dir;
    this.config = writeConfig(dir, pluginDir, dockerSocket);
    this.socket = path.join(dir, "backend.sock");
    this.child = null; // the backend's process (berth dev's unless apart)
    this.pageChild = null; // with apart: berth dev's
  }

  async start() {
    const log = openSync(path.join(this.dir, "berth.log"), "a");
    const page = ["dev", "--port", "0", "--ui", this.dev.dist, "--reply-shape", this.dev.shape];
    if (this.dev.apart && !this.pageChild) {
      const devLog = path.join(this.dir, "dev.log");
      this.pageChild = spawn(this.binary, [...page, "--backend-socket", this.socket], { stdio: ["ignore", openSync(devLog, "a"), openSync(devLog, "a")] });
      this.url = await this.waitFor(this.pageChild, "berth dev's page server", async () => printedUrl(devLog));
    }
    const args = this.dev.apart ? ["--config", this.config] : [...page, "--config", this.config];
    this.child = spawn(this.binary, args, { stdio: ["ignore", log, log] });
    await this.waitFor(this.child, "berth", async () => {
      if ((await call(this.socket, "GET", "/_berth/ready")).status !== 200) return null;
      if (this.dev.apart) return true;
      this.url = printedUrl(path.join(this.dir, "berth.log"));
      return this.url;
    });
  }

  // Polls `probe` until it returns a truthy value, while `child` runs; at most 15 s.
  async waitFor(child, what, probe) {
    const deadline = Date.now() + 15000;
    while (Date.now() < deadline) {
      if (ended(child)) throw new Error(`${what} exited with ${child.exitCode ?? child.signalCode} (see ${this.dir})`);
      try {
        const value = await probe();
        if (value) return value;
      } catch {}
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${what} did not become ready in 15 s`);
  }

  /** SIGKILL of the backend: it gets no chance to finish its jobs, as when the container dies. */
  async kill() {
    const child = this.child;
    if (!child || ended(child)) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
  }

  async stop() {
    for (const child of [this.child, this.pageChild]) {
      if (!child || ended(child)) continue;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    }
  }

  call(method, url, body, headers) {
    return call(this.socket, method, url, body, headers);
  }
}
