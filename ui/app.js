// The extension's tab: plugins, notes and a countdown job, through Docker Desktop's proxy to
// berth on backend.sock. Everything the UI knows comes from berth-api.js.
(function () {
  "use strict";

  const api = BerthApi.create(window.ddClient.extension.vm.service);
  const $ = (id) => document.getElementById(id);

  function cell(row, text, className) {
    const td = row.insertCell();
    td.textContent = text;
    if (className) td.className = className;
  }

  function showError(error) {
    const text = BerthApi.errorText(error);
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
    for (const p of await api.plugins()) {
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
    list.replaceChildren();
    for (const note of await api.notes($("note-search").value.trim())) {
      const item = document.createElement("li");
      item.textContent = note.title + (note.body ? " — " + note.body : "");
      const remove = document.createElement("button");
      remove.type = "button";
      remove.textContent = "Delete";
      remove.addEventListener("click", () =>
        api.deleteNote(note.id).then(loadNotes).catch(showError)
      );
      item.append(remove);
      list.append(item);
    }
  }

  async function addNote(event) {
    event.preventDefault();
    await api.addNote($("note-title").value, $("note-body").value);
    $("note-title").value = "";
    $("note-body").value = "";
    await loadNotes();
  }

  async function runJob(event) {
    event.preventDefault();
    const start = $("job-form").querySelector("button");
    start.disabled = true;
    try {
      const id = await api.startCountdown(Number($("job-seconds").value));
      const job = await api.follow(id, (j) => {
        $("job-progress").value = j.progress || 0;
        $("job-state").textContent = j.state + (j.message ? ": " + j.message : "");
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
})();
