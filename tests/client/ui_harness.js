// Loaded before ui/app.js by ui_browser_test.sh: a window.ddClient whose vm.service answers like
// Docker Desktop in the shape named by ?shape= (plain, data: {data: ...}, string: the JSON text),
// over an in-page notes list and a job that advances one step per poll. Then it drives the page:
// adds a note and runs the countdown job.
(function () {
  "use strict";
  const shape = new URLSearchParams(location.search).get("shape") || "plain";
  const notes = [{ id: 1, title: "first note", body: "", tags: [], created: "", updated: "" }];
  let version = 0;
  const reply = (value) =>
    Promise.resolve(
      shape === "data" ? { data: value } : shape === "string" ? JSON.stringify(value) : value
    );
  const fail = (statusCode, message) =>
    Promise.reject({ statusCode, name: "HttpError", message: JSON.stringify({ message }) });
  window.ddClient = {
    extension: {
      vm: {
        service: {
          get(url) {
            if (url === "/_berth/plugins")
              return reply({ plugins: [{ name: "notes", version: "1.0.0", status: "running", mount: "/notes", routes: ["GET /notes"] }] });
            if (url.startsWith("/notes")) return reply({ notes, next_cursor: null });
            if (url.startsWith("/_berth/jobs/j1")) {
              version += 1;
              const state = version >= 4 ? "succeeded" : "running";
              return reply({ id: "j1", plugin: "runner", name: "run", state, progress: Math.min(100, version * 25), message: "step " + version, version });
            }
            return fail(404, "no route " + url);
          },
          post(url, data) {
            if (url === "/notes") {
              const note = { id: notes.length + 1, title: data.title, body: data.body, tags: [], created: "", updated: "" };
              notes.unshift(note);
              return reply(note);
            }
            if (url === "/runner/jobs/run") return reply({ id: "j1", state: "queued" });
            return fail(404, "no route " + url);
          },
          put: () => fail(405, "no"),
          patch: () => fail(405, "no"),
          delete: () => reply(""),
        },
      },
    },
  };
  window.addEventListener("load", () => {
    setTimeout(() => {
      document.getElementById("note-title").value = "added in " + shape;
      document.getElementById("note-form").requestSubmit();
    }, 200);
    setTimeout(() => document.getElementById("job-form").requestSubmit(), 600);
  });
})();
