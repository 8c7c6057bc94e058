// The generated client, compiled to JS, against a real berth over its Unix socket, through a
// ddClient-shaped adapter that behaves like Docker Desktop's vm.service in each reply shape it
// has used, and through fetchTransport over berth's TCP listener.
//   node client_e2e_test.mjs <compiled berth-client.js> <backend.sock> <http://127.0.0.1:port>
import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";
import { desktopService, rejection } from "../support/desktop_service.mjs";

const [clientPath, socketPath, baseUrl] = process.argv.slice(2);
if (!clientPath || !socketPath || !baseUrl)
  throw new Error("usage: node client_e2e_test.mjs <berth-client.js> <backend.sock> <base url>");
const client = await import(pathToFileURL(clientPath).href);
const { createBerthClient, fetchTransport, decodeReply, toBerthError, BerthError } = client;

// The notes routes under the names the plugin declares.
function notesApi(api) {
  const names = ["list", "create", "get", "update", "replace", "remove"];
  for (const name of names)
    assert.equal(typeof api.notes[name], "function", `notes.${name}: ${Object.keys(api.notes)}`);
  return api.notes;
}

function greet(api) {
  return api.hello.greet();
}

function replyRules() {
  assert.deepEqual(decodeReply({ notes: [] }), { notes: [] });
  assert.deepEqual(decodeReply('{"notes":[]}'), { notes: [] });
  assert.deepEqual(decodeReply({ data: { notes: [] } }), { notes: [] });
  assert.deepEqual(decodeReply({ data: '{"a":1}' }), { a: 1 });
  // An object with `data` and anything else is a reply, not a wrapper.
  assert.deepEqual(decodeReply({ data: 1, next: null }), { data: 1, next: null });
  // A result that declares `data`: unwrapped only when the inside has its own `data`.
  assert.deepEqual(decodeReply({ data: [1, 2] }, { ownData: true }), { data: [1, 2] });
  assert.deepEqual(decodeReply({ data: { data: [1, 2] } }, { ownData: true }), { data: [1, 2] });
  assert.equal(decodeReply(""), undefined);
  assert.equal(decodeReply("plain text"), "plain text");
  assert.equal(decodeReply('{"not": "parsed"}', { text: true }), '{"not": "parsed"}');
  console.log("reply rules: plain, string, {data}, {data} with other keys, ownData, text");

  const issue = { in: "body", path: "/title", message: "expected string, got 5" };
  const fromText = toBerthError({ statusCode: 400, name: "HttpError", message: JSON.stringify({ message: "title: bad", errors: [issue] }) });
  assert.ok(fromText instanceof BerthError);
  assert.deepEqual([fromText.status, fromText.message, fromText.errors], [400, "title: bad", [issue]]);
  const fromObject = toBerthError({ statusCode: 409, message: { message: "busy", id: "j" } });
  assert.deepEqual([fromObject.status, fromObject.message, fromObject.body.id], [409, "busy", "j"]);
  const wrapped = toBerthError({ statusCode: 404, message: { data: { message: "gone" } } });
  assert.equal(wrapped.message, "gone");
  const plainText = toBerthError({ statusCode: 502, message: "Bad Gateway" });
  assert.deepEqual([plainText.status, plainText.message, plainText.errors], [502, "Bad Gateway", []]);
  assert.equal(toBerthError({ statusCode: 500, message: "" }).message, "HTTP 500");
  const junkIssues = toBerthError({ statusCode: 400, message: '{"message":"m","errors":[1,{"message":"kept"}]}' });
  assert.deepEqual(junkIssues.errors, [{ message: "kept" }]);
  const network = toBerthError(new TypeError("fetch failed"));
  assert.deepEqual([network.status, network.message], [0, "fetch failed"]);
  assert.equal(toBerthError(fromText), fromText);
  console.log("error rules: JSON text, parsed, {data}-wrapped, plain text, empty, no answer");
}

async function notes(client, label) {
  const greeting = await greet(client);
  const api = { notes: notesApi(client) };
  assert.equal(greeting.message, "hello");

  const title = `note ${label} ${Date.now()}`;
  const note = await api.notes.create({ title, body: "first", tags: ["a"] });
  assert.equal(note.title, title);
  assert.deepEqual(note.tags, ["a"]);
  assert.deepEqual(await api.notes.get(String(note.id)), note);
  const page = await api.notes.list({ q: title, limit: 10 });
  assert.deepEqual(page.notes.map((n) => n.id), [note.id]);
  assert.equal(page.next_cursor, null);
  const patched = await api.notes.update(String(note.id), { body: "second" });
  assert.equal(patched.body, "second");
  const replaced = await api.notes.replace(String(note.id), { title: title + "!" });
  assert.equal(replaced.title, title + "!");
  assert.equal(replaced.body, "");
  assert.equal(await api.notes.remove(String(note.id)), undefined);

  const gone = await rejection(api.notes.get(String(note.id)));
  assert.ok(gone instanceof BerthError, "a rejection is a BerthError: " + String(gone));
  assert.ok(gone instanceof Error);
  assert.equal(gone.name, "BerthError");
  assert.equal(gone.status, 404);
  assert.equal(gone.message, `note ${note.id} not found`);
  assert.deepEqual(gone.errors, []);
  assert.equal(gone.body.message, gone.message);

  const blank = await rejection(api.notes.create({ title: "   " }));
  assert.ok(blank instanceof BerthError);
  assert.equal(blank.status, 400);
  assert.match(blank.message, /^title: /);

  const wrongType = await rejection(api.notes.create({ title: 5 }));
  assert.ok(wrongType instanceof BerthError);
  assert.equal(wrongType.status, 400);
  assert.match(wrongType.message, /title/);
  // The host refused it against notes' declared body schema, naming the member.
  assert.deepEqual(
    wrongType.errors.map((e) => [e.in, e.path]),
    [["body", "/title"]],
  );
  console.log(`${label}: hello, notes create/get/list/update/replace/delete, 404 and 400 as BerthError`);
}

async function jobs(api, label) {
  const id = await api.runner.jobs.run({ command: "countdown", args: { seconds: "2" } });
  assert.equal(typeof id, "string");
  const seen = [];
  let last;
  for await (const job of api.jobs.progress(id, { waitSeconds: 5 })) {
    seen.push(job);
    last = job;
  }
  assert.equal(last.state, "succeeded", JSON.stringify(last));
  assert.equal(last.progress, 100);
  assert.ok(seen.some((j) => j.progress > 0 && j.progress < 100), JSON.stringify(seen));
  const versions = seen.map((j) => j.version);
  assert.deepEqual(versions, [...new Set(versions)].sort((a, b) => a - b), "versions repeat or go back");
  const full = await api.jobs.get(id, "result");
  assert.equal(full.result.exit_code, 0);
  assert.equal(full.result.command, "countdown");

  const updates = [];
  const second = await api.runner.jobs.run({ command: "countdown", args: { seconds: "1" } });
  const done = await api.jobs.wait(second, { waitSeconds: 5, onUpdate: (j) => updates.push(j.state) });
  assert.equal(done.state, "succeeded");
  assert.equal(updates.at(-1), "succeeded");
  assert.ok((await api.jobs.list({ plugin: "runner" })).some((j) => j.id === second));

  const long = await api.runner.jobs.run({ command: "countdown", args: { seconds: "30" } });
  const gaveUp = await rejection(api.jobs.wait(long, { waitSeconds: 1, timeoutMs: 1200 }));
  assert.ok(gaveUp instanceof BerthError);
  assert.equal(gaveUp.status, 0);
  assert.match(gaveUp.message, /^gave up following job .* after 1200 ms$/);
  await api.jobs.cancel(long);
  const cancelled = await api.jobs.wait(long, { waitSeconds: 5, timeoutMs: 20000 });
  assert.equal(cancelled.state, "cancelled");

  const refused = await rejection(api.runner.jobs.run({ command: "rm" }));
  assert.ok(refused instanceof BerthError);
  assert.equal(refused.status, 400);
  // The host's own check of a declared query schema: every violation in `errors`.
  const invalid = await rejection(api.berth.listJobs({ limit: 0, state: "sleeping" }));
  assert.ok(invalid instanceof BerthError);
  assert.equal(invalid.status, 400);
  assert.deepEqual(
    invalid.errors.map((e) => [e.in, e.path]).sort(),
    [["query", "/limit"], ["query", "/state"]],
    JSON.stringify(invalid.body),
  );
  assert.ok(invalid.errors.every((e) => typeof e.message === "string" && e.message !== ""));
  assert.match(invalid.message, /limit/);

  const missing = await rejection(api.jobs.wait("no-such-job"));
  assert.ok(missing instanceof BerthError);
  assert.equal(missing.status, 404);
  console.log(`${label}: job ${seen.map((j) => `${j.state}:${j.progress}`).join(" ")}; wait, timeout, list, cancel, 400 (errors[] from the host), 404`);
}

async function noAnswer() {
  const api = createBerthClient({
    get: () => Promise.reject(new Error("socket hang up")),
    post: () => Promise.reject("refused"),
    put: () => Promise.reject(new Error("x")),
    patch: () => Promise.reject(new Error("x")),
    delete: () => Promise.reject(new Error("x")),
  });
  const hung = await rejection(greet(api));
  assert.ok(hung instanceof BerthError);
  assert.equal(hung.status, 0);
  assert.equal(hung.message, "socket hang up");
  const refused = await rejection(notesApi(api).create({ title: "x" }));
  assert.equal(refused.status, 0);
  assert.equal(refused.message, "refused");
  console.log("no answer: BerthError with status 0");
}

replyRules();
for (const shape of ["plain", "data", "string"]) {
  const api = createBerthClient(desktopService(socketPath, shape));
  await notes(api, `ddClient ${shape}`);
  await jobs(api, `ddClient ${shape}`);
}
const viaFetch = createBerthClient(fetchTransport(baseUrl));
await notes(viaFetch, "fetch");
await jobs(viaFetch, "fetch");
await noAnswer();
console.log("PASS");
