// ui/berth-api.js against a real berth: a shim with the behaviour of Docker Desktop's
// ddClient.extension.vm.service (JSON bodies, parsed answers, non-2xx rejected as
// {statusCode, name, message: body}) carries its requests over backend.sock.
//   node ui_api_test.js <backend.sock>
"use strict";
const assert = require("node:assert/strict");
const http = require("node:http");
const path = require("node:path");
const BerthApi = require(path.join(__dirname, "../../ui/berth-api.js"));

const socketPath = process.argv[2];
if (!socketPath) throw new Error("usage: node ui_api_test.js <backend.sock>");

function request(method, url, data) {
  return new Promise((resolve, reject) => {
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
        try {
          resolve(JSON.parse(text));
        } catch (_) {
          resolve(text);
        }
      });
    });
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const service = {
  get: (url) => request("GET", url),
  post: (url, data) => request("POST", url, data),
  put: (url, data) => request("PUT", url, data),
  delete: (url) => request("DELETE", url),
};

async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail("expected a rejection");
}

async function main() {
  const api = BerthApi.create(service);

  const plugins = await api.plugins();
  const names = plugins.map((p) => p.name).sort();
  assert.deepEqual(names, ["docker", "hello", "notes", "runner"]);
  for (const p of plugins) assert.ok(!p.error, p.name + ": " + p.error);
  console.log("plugins:", names.join(", "));

  const title = "from the UI " + Date.now();
  const note = await api.addNote(title, "body text");
  assert.equal(note.title, title);
  assert.ok((await api.notes()).some((n) => n.id === note.id));
  const found = await api.notes(title);
  assert.deepEqual(found.map((n) => n.id), [note.id]);
  await api.deleteNote(note.id);
  assert.ok(!(await api.notes()).some((n) => n.id === note.id));
  console.log("notes: add, list, search, delete");

  const empty = await rejection(api.addNote("   "));
  assert.equal(empty.statusCode, 400);
  assert.match(BerthApi.errorText(empty), /^title: /);
  const gone = await rejection(api.deleteNote(note.id));
  assert.equal(gone.statusCode, 404);
  assert.equal(BerthApi.errorText(gone), `note ${note.id} not found`);
  const badSeconds = await rejection(api.startCountdown(0));
  assert.equal(badSeconds.statusCode, 400);
  assert.match(BerthApi.errorText(badSeconds), /^args\.seconds: /);
  assert.equal(BerthApi.errorText("plain text"), "plain text");
  console.log("errors: ddClient rejections become one-line messages");

  const id = await api.startCountdown(2);
  const updates = [];
  const job = await api.follow(id, (j) => updates.push(j), { waitSeconds: 5 });
  assert.equal(job.state, "succeeded");
  assert.equal(job.progress, 100);
  assert.ok(updates.some((j) => j.progress > 0 && j.progress < 100), JSON.stringify(updates));
  const versions = updates.map((j) => j.version);
  assert.deepEqual(versions, [...versions].sort((a, b) => a - b), "updates out of order");
  console.log("job: " + updates.map((j) => `${j.state}:${j.progress}`).join(" "));

  const missing = await rejection(api.follow("no-such-job", () => {}));
  assert.equal(missing.statusCode, 404);
  console.log("PASS");
}

main().catch((error) => {
  console.error("FAIL:", error);
  process.exit(1);
});
