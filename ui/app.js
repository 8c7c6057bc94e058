// The extension's tab: plugins, notes and a countdown job, through Docker Desktop's proxy to
// berth on backend.sock. Every call goes through the generated client (berth-client.js, from
// `make client`), which reads each reply shape Desktop has used and turns failures into
// BerthError.
import { createBerthClient } from "./berth-client.js";

const api = createBerthClient(window.ddClient.extension.vm.service);
const $ = (id) => document.getElementById(id);

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text;
  if (className) td.className = className;
}

function showError(error) {
  const text = error instanceof Error ? error.message : String(error);
  $("status").textContent = text;
  $("status").className = "error";
  if (window.ddClient.desktopUI) window.ddClient.desktopUI.toast.error(text);
}

function showStatus(text) {
  $("status").textContent = text;
  $("status").className = "";
}

async function loadPlugins() {
  const body = $("plugins");
  body.replaceChildren();
  for (const p of (await api.berth.listPlugins()).plugins) {
    const row = body.insertRow();
    cell(row, p.name);
    cell(row, p.version || "");
    cell(row, p.error ? p.status + ": " + p.error : p.status, p.error ? "failed" : "");
    cell(row, p.mount || "");
    cell(row, (p.routes || []).length);
  }
}

async function loadNotes() {
  const list = $("notes");
  const q = $("note-search").value.trim();
  const page = await api.notes.list(q ? { q } : undefined);
  list.replaceChildren();
  for (const note of page.notes) {
    const item = document.createElement("li");
    item.textContent = note.title + (note.body ? " — " + note.body : "");
    const remove = document.createElement("button");
    remove.type = "button";
    remove.textContent = "Delete";
    remove.addEventListener("click", () =>
      api.notes.remove(String(note.id)).then(loadNotes).catch(showError)
    );
    item.append(remove);
    list.append(item);
  }
}

async function addNote(event) {
  event.preventDefault();
  await api.notes.create({ title: $("note-title").value, body: $("note-body").value });
  $("note-title").value = "";
  $("note-body").value = "";
  await loadNotes();
}

async function runJob(event) {
  event.preventDefault();
  const start = $("job-form").querySelector("button");
  start.disabled = true;
  try {
    const seconds = String(Number($("job-seconds").value));
    const id = await api.runner.jobs.run({ command: "countdown", args: { seconds } });
    const job = await api.jobs.wait(id, {
      waitSeconds: 5,
      onUpdate: (j) => {
        $("job-progress").value = j.progress || 0;
        $("job-state").textContent = j.state + (j.message ? ": " + j.message : "");
      },
    });
    if (job.state !== "succeeded") showError(job.error || "job " + job.state);
    else showStatus("job " + id + " done");
  } finally {
    start.disabled = false;
  }
}

$("refresh-plugins").addEventListener("click", () => loadPlugins().catch(showError));
$("note-form").addEventListener("submit", (e) => addNote(e).catch(showError));
$("note-search").addEventListener("input", () => loadNotes().catch(showError));
$("job-form").addEventListener("submit", (e) => runJob(e).catch(showError));

Promise.all([loadPlugins(), loadNotes()])
  .then(() => showStatus("connected"))
  .catch(showError);
