// berth dev in real headless Chromium (Debian's, driven by puppeteer-core). For each reply shape
// it opens the fixture page, which calls every emulated ddClient function against the real
// backend, and checks exact values; then the page built on the unmodified
// @docker/extension-api-client; then a reload after a UI file changes.
// Usage: node browser_test.mjs UI_DIR DATA_URL PLAIN_URL
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import puppeteer from "puppeteer-core";

const [uiDir, dataUrl, plainUrl] = process.argv.slice(2);
const profile = fs.mkdtempSync(path.join(os.tmpdir(), "berth-dev-chromium-"));
const browser = await puppeteer.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  userDataDir: profile,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});

let failures = 0;
function check(name, fn) {
  try {
    fn();
    console.log("ok   " + name);
  } catch (e) {
    failures += 1;
    console.log("FAIL " + name + "\n" + e.message);
  }
}

const nodeArch = { x64: "x64", arm64: "arm64" }[process.arch] || process.arch;
const events = async (base) =>
  (await (await fetch(base + "__berth/events", { headers: { "X-Berth-Dev": "1" } })).json()).events;

async function fixture(base, shape) {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(base + "index.html");
  await page.waitForFunction(() => window.done === true, { timeout: 20000 });
  const r = await page.evaluate(() => window.results);
  const atStart = await page.evaluate(() => window.ddClientAtStart);
  const toasts = await page.$$eval(".berth-dev-toast", (els) =>
    els.map((e) => [e.className, e.textContent])
  );
  const wrap = (v) => (shape === "data" ? { data: v } : v);
  const t = (name) => `[${shape}] ${name}`;
  check(t("no page errors"), () => assert.deepEqual(errors, []));
  check(t("ddClient in place before the page's first script"), () =>
    assert.equal(atStart, "object")
  );
  check(t("service.get"), () => assert.deepEqual(r.get, wrap({ message: "hello" })));
  check(t("service.post"), () => assert.deepEqual(r.post, wrap({ a: [1, 2] })));
  check(t("service.put"), () => {
    const note = shape === "data" ? r.put.data : r.put;
    assert.deepEqual([note.title, note.body], ["second", "b"]);
  });
  check(t("service.patch"), () => assert.equal((shape === "data" ? r.patch.data : r.patch).title, "third"));
  check(t("service.delete"), () => assert.deepEqual(r.delete, wrap("")));
  check(t("service.head"), () => assert.deepEqual(r.head, wrap("")));
  check(t("service.request"), () => assert.deepEqual(r.request, wrap({ via: "request" })));
  check(t("a 404 rejects like Desktop"), () =>
    assert.deepEqual(r.notFound, {
      rejected: {
        statusCode: 404,
        name: "HttpError",
        message: JSON.stringify({ message: "no route for GET /nope" }),
      },
    })
  );
  check(t("a 400 rejects with its status"), () => assert.equal(r.badRequest.rejected.statusCode, 400));
  check(t("vm.cli.exec"), () =>
    assert.deepEqual(r.exec, { stdout: "a\nb\n", stderr: "warn\n", code: 0, lines: ["a", "b"] })
  );
  check(t("exec parseJsonObject"), () => assert.deepEqual(r.execJson, { x: 1 }));
  check(t("a failing exec rejects with its output"), () => {
    assert.equal(r.execFails.rejected.code, 3);
    assert.equal(r.execFails.rejected.stdout, "out\n");
  });
  check(t("vm.cli.exec streamed"), () =>
    assert.deepEqual(r.execStream, { output: [{ stdout: "s1\n" }, { stderr: "s2\n" }], code: 0 })
  );
  check(t("close() stops a streamed exec"), () =>
    assert.deepEqual(r.execClose, { output: [{ stdout: "first\n" }], code: -1 })
  );
  check(t("docker.cli.exec"), () => assert.equal(r.dockerExec, "Docker"));
  check(t("docker.cli.exec streamed"), () => {
    assert.equal(r.dockerStream.code, 0);
    assert.match(r.dockerStream.output[0].stdout, /^Docker version /);
  });
  check(t("docker.listContainers"), () =>
    assert.deepEqual(r.containers, [
      { Id: "c1", Names: ["/web"], Query: { all: "true", filters: '{"status":["running"]}' } },
    ])
  );
  check(t("docker.listImages"), () =>
    assert.deepEqual(r.images, [{ Id: "sha256:i1", RepoTags: ["local/x:1"], Query: {} }])
  );
  check(t("toasts are shown in the page"), () =>
    assert.deepEqual(toasts, [
      ["berth-dev-toast berth-dev-toast-success", "saved"],
      ["berth-dev-toast berth-dev-toast-warning", "careful"],
      ["berth-dev-toast berth-dev-toast-error", "broken"],
    ])
  );
  // The page posts its events in order, the last one maybe after `done`.
  let seen = [];
  for (let i = 0; i < 50 && seen.length < 7; i++) {
    seen = (await events(base)).map(({ seq, ...e }) => e);
    if (seen.length < 7) await new Promise((r) => setTimeout(r, 100));
  }
  check(t("navigate, openExternal and toasts are recorded"), () =>
    assert.deepEqual(seen, [
      { kind: "toast", level: "success", message: "saved" },
      { kind: "toast", level: "warning", message: "careful" },
      { kind: "toast", level: "error", message: "broken" },
      { kind: "navigate", name: "viewContainers", args: [] },
      { kind: "navigate", name: "viewContainer", args: ["abc"] },
      { kind: "navigate", name: "viewImage", args: ["img", "latest"] },
      { kind: "openExternal", url: "https://docs.docker.com/" },
    ])
  );
  check(t("host facts"), () =>
    assert.deepEqual(r.host, { platform: "linux", arch: nodeArch, hostname: os.hostname() })
  );
  await page.close();
}

async function sdk(base, shape) {
  const page = await browser.newPage();
  await page.goto(base + "sdk.html");
  await page.waitForFunction(() => window.sdkResult !== undefined, { timeout: 10000 });
  const result = await page.evaluate(() => window.sdkResult);
  check(`[${shape}] createDockerDesktopClient() of @docker/extension-api-client accepts it`, () =>
    assert.deepEqual(result, {
      hello: shape === "data" ? { data: { message: "hello" } } : { message: "hello" },
    })
  );
  await page.close();
}

async function reload(base) {
  const page = await browser.newPage();
  await page.goto(base + "sdk.html");
  await page.waitForFunction(() => window.sdkResult !== undefined, { timeout: 10000 });
  await page.evaluate(() => (window.beforeReload = true));
  await new Promise((r) => setTimeout(r, 700)); // the client has read the version once
  const navigated = page.waitForNavigation({ timeout: 10000 });
  fs.writeFileSync(path.join(uiDir, "changed.txt"), String(Date.now()));
  let reloaded = false;
  try {
    await navigated;
    reloaded = await page.evaluate(() => window.beforeReload === undefined);
  } catch (e) {
    reloaded = false;
  }
  check("a changed UI file reloads the page", () => assert.equal(reloaded, true));
  await page.close();
}

try {
  for (const [base, shape] of [
    [dataUrl, "data"],
    [plainUrl, "plain"],
  ]) {
    await fixture(base, shape);
    await sdk(base, shape);
  }
  await reload(dataUrl);
} finally {
  await browser.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
if (failures) {
  console.log(`${failures} browser check(s) failed`);
  process.exit(1);
}
console.log("browser: all checks passed");
