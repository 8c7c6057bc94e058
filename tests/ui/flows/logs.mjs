// Logs: recent lines, then Follow: a request made now shows up as a new line by long poll.
import assert from "node:assert/strict";
import { tab, texts, until } from "../browser.mjs";

export default async function logs({ page, berth, shape }) {
  await tab(page, "logs");
  await until("log lines", async () => (await texts(page, '[data-testid="log-line"]')).length > 0);
  await page.click('[data-testid="logs-follow"]');
  await new Promise((r) => setTimeout(r, 300)); // the long poll is waiting
  const marker = `follow-${shape}-${Date.now()}`;
  assert.equal((await berth.call("GET", `/hello/${marker}`)).status, 200);
  const line = await until("the new request's line", async () =>
    (await texts(page, '[data-testid="log-line"]')).find((l) => l.includes(`[hello] GET /hello/${marker} 200 `)));
  assert.match(line, /info/);
  await page.click('[data-testid="logs-follow"]');
}
