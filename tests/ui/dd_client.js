// Test-only stand-in for the ddClient Docker Desktop injects (tests/ui/page_server.mjs serves it
// before the UI's own scripts). vm.service forwards every call to the page server, which sends it
// to berth's socket; the answer comes back the way Desktop delivers it: the body parsed as JSON
// when it is JSON, else the text, wrapped as {data: ...} in the "data" shape (Desktop >= 4.42);
// a non-2xx rejects with {statusCode, name, message: <body text>}. When the socket is gone the
// page server answers 502 with the connect error as text, what the UI must read as "lost".
(function () {
  "use strict";
  const shape = document.currentScript.dataset.shape || "plain";
  const calls = (window.__ddCalls = []);
  function parse(text) {
    if (text === "") return "";
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  async function request(config) {
    const call = { method: String(config.method || "GET").toUpperCase(), url: config.url, headers: config.headers || {} };
    if (config.data !== undefined) call.data = config.data;
    calls.push(call);
    const answer = await fetch("/__dd/call", { method: "POST", body: JSON.stringify(call) }).then((r) => r.json());
    if (answer.status < 200 || answer.status > 299)
      throw { statusCode: answer.status, name: "HttpError", message: answer.body };
    const value = parse(answer.body);
    return shape === "data" ? { data: value } : value;
  }
  const service = {
    get: (url) => request({ url, method: "GET" }),
    head: (url) => request({ url, method: "HEAD" }),
    delete: (url) => request({ url, method: "DELETE" }),
    post: (url, data) => request({ url, method: "POST", data }),
    put: (url, data) => request({ url, method: "PUT", data }),
    patch: (url, data) => request({ url, method: "PATCH", data }),
    request,
  };
  const toasts = (window.__ddToasts = []);
  window.ddClient = {
    extension: { vm: { service } },
    desktopUI: {
      toast: {
        success: (m) => toasts.push(["success", m]),
        warning: (m) => toasts.push(["warning", m]),
        error: (m) => toasts.push(["error", m]),
      },
    },
    host: { platform: "linux", arch: "x64" },
  };
})();
