// The berth routes the UI uses, on a ddClient.extension.vm.service-like object: get/post/delete
// that resolve to the parsed JSON body and reject non-2xx answers with {statusCode, message}.
// No DOM here, so tests can run it in Node against a real berth.
(function (root) {
  "use strict";

  const TERMINAL = ["succeeded", "failed", "cancelled", "interrupted"];

  // ddClient puts the raw body of an error answer in `message`; berth's body is {"message": ...}.
  function errorText(error) {
    if (!error) return "unknown error";
    let text = error.message !== undefined ? error.message : error;
    if (typeof text === "string") {
      try {
        text = JSON.parse(text);
      } catch (_) {
        return text;
      }
    }
    if (text && typeof text === "object" && typeof text.message === "string") return text.message;
    return String(text);
  }

  function asJson(value) {
    return typeof value === "string" ? JSON.parse(value) : value;
  }

  function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  function create(service) {
    return {
      async plugins() {
        return asJson(await service.get("/_berth/plugins")).plugins;
      },
      async notes(query) {
        const q = query ? "?q=" + encodeURIComponent(query) : "";
        return asJson(await service.get("/notes" + q)).notes;
      },
      async addNote(title, body) {
        return asJson(await service.post("/notes", { title: title, body: body || "" }));
      },
      async deleteNote(id) {
        await service.delete("/notes/" + encodeURIComponent(id));
      },
      async startCountdown(seconds) {
        const started = asJson(
          await service.post("/runner/run", {
            command: "countdown",
            args: { seconds: String(seconds) },
          })
        );
        return started.id;
      },
      async job(id) {
        return asJson(await service.get("/_berth/jobs/" + encodeURIComponent(id)));
      },
      // Polls the job until it ends, calling onUpdate with each new state. Long polls (the
      // answer comes as soon as the job's version changes) so progress shows without delay;
      // a failed poll is retried after a pause rather than giving up on a running job.
      async follow(id, onUpdate, options) {
        const wait = (options && options.waitSeconds) || 5;
        const deadline = Date.now() + ((options && options.timeoutMs) || 15 * 60 * 1000);
        let job = await this.job(id);
        onUpdate(job);
        while (!TERMINAL.includes(job.state)) {
          if (Date.now() > deadline) throw new Error("gave up following job " + id);
          try {
            const next = asJson(
              await service.get(
                "/_berth/jobs/" + encodeURIComponent(id) + "?wait=" + wait + "&version=" + job.version
              )
            );
            if (next.version !== job.version) onUpdate(next);
            job = next;
          } catch (error) {
            if (error && error.statusCode === 404) throw error;
            await sleep(1000);
          }
        }
        return job;
      },
    };
  }

  const api = { create: create, errorText: errorText, TERMINAL: TERMINAL };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.BerthApi = api;
})(typeof window !== "undefined" ? window : globalThis);
