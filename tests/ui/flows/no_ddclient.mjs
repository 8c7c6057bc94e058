// A plain browser (no ddClient): the page says what it needs instead of dying silently.
import assert from "node:assert/strict";
import { openPage, text } from "../browser.mjs";

export default async function noDdClient({ browser, plainUrl }) {
  const page = await openPage(browser, plainUrl);
  await page.waitForSelector('[data-testid="no-ddclient"]');
  assert.equal(
    await text(page, '[data-testid="no-ddclient"]'),
    "berth's UI needs Docker Desktop or `berth dev`This page talks to its backend through the Docker Desktop " +
      "extension client (window.ddClient), and this browser has none. Open it as the berth extension in Docker " +
      "Desktop, or run `berth dev` and open the page it serves.",
  );
  assert.deepEqual(page.problems, []);
  await page.close();
}
