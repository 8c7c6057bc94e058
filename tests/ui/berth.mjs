// The real berth for the UI tests: a config in a temp folder (hello, notes, runner with a
// countdown, docker pointed at a socket with no engine), started, killed and started again on
// the same data (or docker at a real engine's socket), and a direct client over its socket for seeding and for changes "elsewhere".
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

export class Berth {
  // With `dev` ({dist, shape}) it is `berth dev`: the same backend, and its page server serving
  // `dist` with the emulated ddClient at `this.url`.
  constructor(binary, dir, pluginDir, dockerSocket, dev = null) {
    this.binary = binary;
    this.dev = dev;
    this.url = null;
    this.dir = dir;
    this.config = writeConfig(dir, pluginDir, dockerSocket);
    this.socket = path.join(dir, "backend.sock");
    this.child = null;
  }

  async start() {
    const log = openSync(path.join(this.dir, "berth.log"), "a");
    const args = this.dev
      ? ["dev", "--config", this.config, "--port", "0", "--ui", this.dev.dist, "--reply-shape", this.dev.shape]
      : ["--config", this.config];
    this.child = spawn(this.binary, args, { stdio: ["ignore", log, log] });
    const child = this.child;
    const deadline = Date.now() + 15000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`berth exited with ${child.exitCode} (see ${this.dir}/berth.log)`);
      try {
        if ((await call(this.socket, "GET", "/_berth/ready")).status === 200) {
          if (!this.dev) return;
          const printed = readFileSync(path.join(this.dir, "berth.log"), "utf8").match(/^berth dev: (http:\/\/127\.0\.0\.1:\d+\/)$/m);
          if (printed) {
            this.url = printed[1];
            return;
          }
        }
      } catch {}
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error("berth did not become ready in 15 s");
  }

  /** SIGKILL: the host gets no chance to finish its jobs, as when the container dies. */
  async kill() {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
  }

  async stop() {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  }

  call(method, url, body, headers) {
    return call(this.socket, method, url, body, headers);
  }
}
