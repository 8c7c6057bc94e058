// Overview: host version and readiness, one row per configured plugin with its state, and the
// engine line (no engine in these tests).
import assert from "node:assert/strict";
import { tab, text, texts, until, untilTexts } from "../browser.mjs";

export default async function overview({ page, berth, dir }) {
  await tab(page, "overview");
  const version = (await berth.call("GET", "/_berth/version")).body.version;
  await until("host version", async () => (await text(page, '[data-testid="host-version"]')) === `version ${version}`);
  assert.equal(await text(page, '[data-testid="host-ready"]'), "ready");
  await untilTexts(page, '[data-testid^="plugin-"] td:first-child', ["hello", "notes", "runner", "docker"]);
  const row = await texts(page, '[data-testid="plugin-notes"] td');
  assert.deepEqual(row.slice(1, 5), ["1.0.0", "running", "/notes", "6"]);
  await until("engine line", async () =>
    (await text(page, '[data-testid="engine"]')) === `Docker Engine: not reachable at ${dir}/no-engine.sock`);
}
