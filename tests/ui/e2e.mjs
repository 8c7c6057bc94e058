// The built UI (ui/dist) in headless Chromium against the real berth through the real `berth
// dev`, in both reply shapes Docker Desktop has used: every screen's flows, 200 notes paged, a
// search typed with stale answers arriving last, the backend killed and restarted mid-job while
// berth dev keeps serving the page, light and dark (with screenshots when SCREENSHOTS is set),
// and a plain browser without ddClient.
//   node tests/ui/e2e.mjs          (env: BERTH_BINARY, BERTH_BUILD_DIR, BERTH_SOURCE_DIR; SCREENSHOTS=dir)
//   node tests/ui/e2e.mjs engine   containers on the real engine at DOCKER_HOST (the `engine` fixture)
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Berth } from "./berth.mjs";
import { launch, openPage } from "./browser.mjs";
// Only for the page without a ddClient: the built files as any static server serves them.
import { serveStatic } from "./static_server.mjs";
import containers from "./flows/containers.mjs";
import containersEngine from "./flows/containers_engine.mjs";
import jobs from "./flows/jobs.mjs";
import logs from "./flows/logs.mjs";
import lostBackend from "./flows/lost_backend.mjs";
import noDdClient from "./flows/no_ddclient.mjs";
import notesEdit from "./flows/notes_edit.mjs";
import notesPages, { seed } from "./flows/notes_pages.mjs";
import notesSearch from "./flows/notes_search.mjs";
import overview from "./flows/overview.mjs";
import themes from "./flows/themes.mjs";

const source = process.env.BERTH_SOURCE_DIR ?? path.resolve(import.meta.dirname, "../..");
const build = process.env.BERTH_BUILD_DIR ?? path.join(source, "build");
const binary = process.env.BERTH_BINARY ?? path.join(build, "core/app/berth");
const dist = path.join(source, "ui/dist");
if (!existsSync(path.join(dist, "index.html"))) {
  console.error("FAIL: ui/dist/index.html is missing: build the UI first (make ui, or ctest -R ui_build)");
  process.exit(1);
}
// ONLY=regex runs just the flows it matches (and the seeding), to try one flow while working.
const only = process.env.ONLY ? new RegExp(process.env.ONLY) : null;
const screenshots = process.env.SCREENSHOTS ? path.resolve(process.env.SCREENSHOTS) : null;
if (screenshots) mkdirSync(screenshots, { recursive: true });

const work = mkdtempSync(path.join(os.tmpdir(), "berth-ui-e2e."));
const browser = await launch();
const started = Date.now();
let failed = false;
const servers = [];
const backends = [];

async function step(name, fn) {
  const t = Date.now();
  try {
    await fn();
    console.log(`ok   ${name} (${Date.now() - t} ms)`);
  } catch (e) {
    failed = true;
    console.log(`FAIL ${name}: ${e.stack || e}`);
  }
}

const engineSocket = process.argv[2] === "engine" ? process.env.DOCKER_HOST?.replace(/^unix:\/\//, "") : undefined;
if (process.argv[2] === "engine" && !engineSocket) {
  console.error("FAIL: the engine run needs DOCKER_HOST=unix://... (ctest's engine fixture sets it)");
  process.exit(1);
}

// One berth dev (`apart`: with its backend as a berth process of its own) and one page.
async function session(label, shape, flows, { apart = false } = {}) {
  const dir = path.join(work, label);
  mkdirSync(dir);
  const berth = new Berth(binary, dir, path.join(build, "plugins"), engineSocket, { dist, shape, apart });
  backends.push(berth);
  await berth.start();
  const ui = { url: berth.url };
  const page = await openPage(browser, ui.url);
  const ctx = { page, berth, ui, shape, dir, browser, screenshots };
  for (const [name, flow] of flows) {
    if (only && !only.test(name) && !name.startsWith("seed") && name !== "reload") continue;
    await step(`[${label}] ${name}`, () => flow(ctx));
  }
  await step(`[${label}] no console errors`, async () => {
    if (page.problems.length) throw new Error(page.problems.join("\n"));
  });
  await page.close();
}

// Every screen's flows in one reply shape.
function screens(shape) {
  return [
    ["overview", overview],
    ["seed 200 notes", ({ berth }) => seed(berth, 200)],
    ["reload", ({ page }) => page.reload({ waitUntil: "load" })],
    ["notes: 200 paged", notesPages],
    ["notes: fast typing in search", notesSearch],
    ["notes: create, tags, edit with If-Match, delete", notesEdit],
    ["jobs", jobs],
    ["containers: no engine", containers],
    ["logs: follow", logs],
    ...(shape === "data" ? [["light and dark", themes]] : []),
  ];
}

// Every screen in both reply shapes through `berth dev` with the backend in it, as an extension
// team runs it outside Desktop (make dev); then, in both shapes, the backend as a process of its
// own, killed and restarted under berth dev's page; last a plain browser.
async function everything() {
  for (const shape of ["data", "plain"]) await session(`dev-${shape}`, shape, screens(shape));
  for (const shape of ["data", "plain"])
    await session(`restart-${shape}`, shape, [["backend killed mid-job", lostBackend]], { apart: true });
  const plain = await serveStatic(dist);
  servers.push(plain);
  await step("no ddClient", () => noDdClient({ browser, plainUrl: plain.url }));
}

async function onEngine() {
  for (const shape of ["data", "plain"])
    await session(`dev-${shape}`, shape, [["containers on a real engine", containersEngine]]);
}

try {
  await (engineSocket ? onEngine() : everything());
} finally {
  await browser.close();
  for (const s of servers) await s.close();
  for (const b of backends) await b.stop();
  if (failed) {
    for (const b of backends) {
      for (const log of [path.join(b.dir, "berth.log"), path.join(b.dir, "dev.log")])
        if (existsSync(log)) console.log(`--- ${log} (tail)\n` + readFileSync(log, "utf8").split("\n").slice(-15).join("\n"));
    }
  }
  rmSync(work, { recursive: true, force: true });
}
console.log(`${failed ? "FAIL" : "ok"}: ui e2e in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);
