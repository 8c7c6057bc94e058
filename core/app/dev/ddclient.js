// berth dev's window.ddClient: what Docker Desktop gives an extension's page, emulated in a plain
// browser so that createDockerDesktopClient() of @docker/extension-api-client returns it. Every
// call goes to berth dev's page server (/__berth/*), which does what Desktop would: vm.service to
// the backend socket, exec on this machine, the Docker Engine's lists. Loaded as a classic script
// before the page's own, so it is in place before they run. berth dev fills in the config.
(function () {
  "use strict";
  const config = /*BERTH_DEV_CONFIG*/ {};
  const devHeaders = { "X-Berth-Dev": "1" };

  // A /__berth/ call: the parsed answer, or a rejection shaped like Desktop's errors.
  async function call(path, body) {
    const init = { method: body === undefined ? "GET" : "POST", headers: { ...devHeaders } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    const text = await response.text();
    let value = text;
    try {
      value = JSON.parse(text);
    } catch (e) {
      // not JSON: the text itself
    }
    if (!response.ok) {
      const message = value && typeof value === "object" && value.message ? value.message : text;
      throw { statusCode: response.status, name: "BerthDevError", message };
    }
    return value;
  }

  // The page server's envelope for replies that may fail on the far side: {ok, value | error}.
  async function enveloped(path, body) {
    const answer = await call(path, body);
    if (answer && answer.ok) return answer.value;
    throw answer.error;
  }

  // One at a time, so that they are recorded in the order the page raised them.
  let events = Promise.resolve();
  function event(fields) {
    events = events
      .then(() => call("/__berth/events", fields))
      .catch((e) => console.warn("berth dev: event not recorded", e));
  }

  // As the SDK sends data: an object as JSON, a string as text.
  function serviceRequest(method, url, data, headers) {
    const sent = { ...(headers || {}) };
    const has = (name) => Object.keys(sent).some((k) => k.toLowerCase() === name);
    let body = null;
    if (data !== undefined && data !== null) {
      if (typeof data === "string") {
        body = data;
        if (!has("content-type")) sent["Content-Type"] = "text/plain";
      } else {
        body = JSON.stringify(data);
        if (!has("content-type")) sent["Content-Type"] = "application/json";
      }
    }
    return enveloped("/__berth/service", { method, url, headers: sent, body });
  }

  const service = {
    get: (url) => serviceRequest("GET", url),
    post: (url, data) => serviceRequest("POST", url, data),
    put: (url, data) => serviceRequest("PUT", url, data),
    patch: (url, data) => serviceRequest("PATCH", url, data),
    delete: (url) => serviceRequest("DELETE", url),
    head: (url) => serviceRequest("HEAD", url),
    request: (c) => serviceRequest((c.method || "GET").toUpperCase(), c.url, c.data, c.headers),
  };

  // What a finished exec resolves to, with the helpers of the SDK's ExecResult.
  function execResult(cmd, stdout, stderr, code, killed) {
    return {
      cmd,
      stdout,
      stderr,
      code,
      killed,
      lines() {
        const lines = stdout.split(/\r?\n/);
        if (lines.length && lines[lines.length - 1] === "") lines.pop();
        return lines;
      },
      parseJsonLines() {
        return this.lines().map((line) => JSON.parse(line));
      },
      parseJsonObject() {
        return JSON.parse(stdout);
      },
    };
  }

  // Follows a session on the page server until its command ends; `onLine(stream, line)`.
  async function follow(id, onLine) {
    let after = 0;
    for (;;) {
      const page = await call("/__berth/exec/" + id + "?after=" + after + "&wait_ms=10000");
      for (const l of page.lines) onLine(l.stream, l.line);
      after = page.next;
      if (page.done) return page;
    }
  }

  function makeExec(cli) {
    return function exec(cmd, args, options) {
      const start = () => call("/__berth/exec", { cli, cmd, args: args || [] });
      const commandLine = [cmd].concat(args || []).join(" ");
      const stream = options && options.stream;
      if (!stream) {
        return (async () => {
          const { id } = await start();
          let stdout = "";
          let stderr = "";
          const end = await follow(id, (s, line) => {
            if (s === "stdout") stdout += line + "\n";
            else stderr += line + "\n";
          });
          if (end.error) stderr += end.error;
          const result = execResult(commandLine, stdout, stderr, end.code, end.signal != null);
          // As Desktop: a command that fails rejects, with its output.
          if (end.code !== 0) throw result;
          return result;
        })();
      }
      let sessionId = null;
      let closed = false;
      (async () => {
        try {
          sessionId = (await start()).id;
          if (closed) call("/__berth/exec/" + sessionId + "/kill", {}).catch(() => {});
          const end = await follow(sessionId, (s, line) => {
            if (!stream.onOutput) return;
            const text = stream.splitOutputLines ? line : line + "\n";
            stream.onOutput(s === "stdout" ? { stdout: text } : { stderr: text });
          });
          if (end.error && stream.onError) stream.onError(end.error);
          if (stream.onClose) stream.onClose(end.code);
        } catch (e) {
          if (stream.onError) stream.onError(e);
        }
      })();
      return {
        close() {
          closed = true;
          if (sessionId) call("/__berth/exec/" + sessionId + "/kill", {}).catch(() => {});
        },
      };
    };
  }

  let toastBox = null;
  function toast(level, message) {
    event({ kind: "toast", level, message: String(message) });
    const show = () => {
      if (!toastBox) {
        toastBox = document.createElement("div");
        toastBox.id = "berth-dev-toasts";
        toastBox.style.cssText =
          "position:fixed;right:16px;bottom:16px;z-index:2147483647;display:flex;" +
          "flex-direction:column;gap:8px;font:14px system-ui,sans-serif";
        document.body.appendChild(toastBox);
      }
      const colors = { success: "#2e7d32", warning: "#ed6c02", error: "#d32f2f" };
      const item = document.createElement("div");
      item.className = "berth-dev-toast berth-dev-toast-" + level;
      item.setAttribute("role", "status");
      item.textContent = String(message);
      item.style.cssText =
        "color:#fff;padding:8px 12px;border-radius:4px;max-width:420px;background:" + colors[level];
      toastBox.appendChild(item);
      setTimeout(() => item.remove(), 6000);
    };
    if (document.body) show();
    else document.addEventListener("DOMContentLoaded", show, { once: true });
  }

  const intents = [
    "viewContainers",
    "viewContainer",
    "viewContainerLogs",
    "viewContainerInspect",
    "viewContainerTerminal",
    "viewContainerStats",
    "viewImages",
    "viewImage",
    "viewVolumes",
    "viewVolume",
  ];
  const navigate = {};
  for (const name of intents) {
    navigate[name] = (...args) => {
      event({ kind: "navigate", name, args });
      return Promise.resolve();
    };
  }

  window.ddClient = {
    extension: {
      image: config.image,
      vm: { service, cli: { exec: makeExec("vm") } },
      host: { cli: { exec: makeExec("host") } },
    },
    desktopUI: {
      toast: {
        success: (m) => toast("success", m),
        warning: (m) => toast("warning", m),
        error: (m) => toast("error", m),
      },
      dialog: {
        // No file chooser outside Desktop: recorded, and answered as cancelled.
        showOpenDialog(options) {
          event({ kind: "dialog", name: "showOpenDialog", args: [options || {}] });
          return Promise.resolve({ canceled: true, filePaths: [] });
        },
      },
      navigate,
    },
    host: {
      platform: config.platform,
      arch: config.arch,
      hostname: config.hostname,
      openExternal(url) {
        event({ kind: "openExternal", url: String(url) });
      },
    },
    docker: {
      cli: { exec: makeExec("docker") },
      listContainers: (options) => enveloped("/__berth/docker/containers", options || {}),
      listImages: (options) => enveloped("/__berth/docker/images", options || {}),
    },
  };

  // A file under the UI root changed: reload, as after a rebuild in Desktop.
  if (config.reload) {
    let seen = null;
    const check = () =>
      call("/__berth/ui-version")
        .then((v) => {
          if (seen === null) seen = v.version;
          else if (v.version !== seen) location.reload();
        })
        .catch(() => {})
        .finally(() => setTimeout(check, 500));
    check();
  }

  // A rebuilt plugin was swapped in, or refused with the reason (the old one keeps serving).
  if (config.plugin_swaps) {
    let after = null;
    const watch = () =>
      call("/__berth/plugin-swaps" + (after === null ? "" : "?after=" + after))
        .then((page) => {
          after = page.next;
          for (const s of page.swaps) {
            if (s.swapped) toast("success", "plugin " + s.plugin + ": rebuilt library swapped in");
            else toast("error", "plugin " + s.plugin + ": rebuilt library refused: " + s.error);
          }
        })
        .catch(() => {})
        .finally(() => setTimeout(watch, 1000));
    watch();
  }
})();
