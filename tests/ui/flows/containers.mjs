// Containers with no engine: one clear panel saying so (the plugin's socket and its last error),
// no table and no error banner.
import assert from "node:assert/strict";
import { tab, text, until } from "../browser.mjs";

export default async function containers({ page, dir }) {
  await tab(page, "containers");
  const panel = await until("engine panel", async () => await text(page, '[data-testid="engine-unreachable"]'));
  assert.ok(panel.startsWith(`The Docker Engine is not reachable`), panel);
  assert.ok(panel.includes(`berth's docker plugin tries ${dir}/no-engine.sock and keeps retrying`), panel);
  assert.equal(await page.$('[data-testid="containers"]'), null);
  assert.equal(await page.$('[data-testid="docker-status-error"]'), null);
}
