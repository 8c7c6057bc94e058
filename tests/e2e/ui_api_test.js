// The UI's generated client (ui/berth-client.js, `make client`) against a real berth: a shim
// with the behaviour of Docker Desktop's ddClient.extension.vm.service (JSON bodies, parsed
// answers, non-2xx rejected as {statusCode, name, message: body}) carries its requests over
// backend.sock, once answering plain values and once wrapped as {data} (Desktop >= 4.42).
//   node ui_api_test.js <backend.sock>
"use strict";
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { pathToFileURL } = require("node:url");

const socketPath = process.argv[2];
if (!socketPath) throw new Error("usage: node ui_api_test.js <backend.sock>");

// ui/ has no package.json saying "module" (Desktop needs none): Node imports a .mjs copy.
async function loadClient() {
  const copy = path.join(os.tmpdir(), `berth-client-${process.pid}.mjs`);
  fs.copyFileSync(path.join(__dirname, "../../ui/berth-client.js"), copy);
  try {
    return await import(pathToFileURL(copy).href);
  } finally {
    fs.rmSync(copy, { force: true });
  }
}

async function run(client, shim, label, wrap) {
  const { desktopService, rejection } = shim;
  const api = client.createBerthClient(desktopService(socketPath, wrap ? "data" : "plain"));

  const plugins = (await api.berth.listPlugins()).plugins;
  const names = plugins.map((p) => p.name).sort();
  assert.deepEqual(names, ["docker", "hello", "notes", "runner"]);
  for (const p of plugins) assert.ok(!p.error, p.name + ": " + p.error);
  console.log(label, "plugins:", names.join(", "));

  const title = "from the UI " + Date.now();
  const note = await api.notes.create({ title, body: "body text" });
  assert.equal(note.title, title);
  assert.ok((await api.notes.list()).notes.some((n) => n.id === note.id));
  const found = await api.notes.list({ q: title });
  assert.deepEqual(found.notes.map((n) => n.id), [note.id]);
  await api.notes.remove(String(note.id));
  assert.ok(!(await api.notes.list()).notes.some((n) => n.id === note.id));
  console.log(label, "notes: add, list, search, delete");

  const empty = await rejection(api.notes.create({ title: "   " }));
  assert.ok(empty instanceof client.BerthError);
  assert.equal(empty.status, 400);
  assert.match(empty.message, /^title: /);
  const gone = await rejection(api.notes.remove(String(note.id)));
  assert.equal(gone.status, 404);
  assert.equal(gone.message, `note ${note.id} not found`);
  const badSeconds = await rejection(
    api.runner.jobs.run({ command: "countdown", args: { seconds: "0" } })
  );
  assert.equal(badSeconds.status, 400);
  assert.match(badSeconds.message, /args\.seconds/);
  console.log(label, "errors: rejections become BerthError with berth's message");

  const id = await api.runner.jobs.run({ command: "countdown", args: { seconds: "2" } });
  const updates = [];
  const job = await api.jobs.wait(id, { waitSeconds: 5, onUpdate: (j) => updates.push(j) });
  assert.equal(job.state, "succeeded");
  assert.equal(job.progress, 100);
  assert.ok(updates.some((j) => j.progress > 0 && j.progress < 100), JSON.stringify(updates));
  const versions = updates.map((j) => j.version);
  assert.deepEqual(versions, [...versions].sort((a, b) => a - b), "updates out of order");
  console.log(label, "job: " + updates.map((j) => `${j.state}:${j.progress}`).join(" "));

  const missing = await rejection(api.jobs.wait("no-such-job"));
  assert.equal(missing.status, 404);
}

async function main() {
  const client = await loadClient();
  const shim = await import(pathToFileURL(path.join(__dirname, "../support/desktop_service.mjs")).href);
  await run(client, shim, "[plain]", false);
  await run(client, shim, "[{data}]", true);
  console.log("PASS");
}

main().catch((error) => {
  console.error("FAIL:", error);
  process.exit(1);
});
