// Jobs: the countdown form from the runner's params (a value off the pattern keeps Start
// disabled), a job followed to the end with progress and log, Cancel, the past-jobs table, and a
// running job picked up again after a page reload.
import assert from "node:assert/strict";
import { clearAndType, tab, text, until } from "../browser.mjs";

const card = (id) => `[data-testid="job"][data-job-id="${id}"]`;
const stateOf = (page, id) => page.$eval(card(id), (n) => n.dataset.state).catch(() => null);

export async function startCountdown(page, seconds) {
  const before = new Set(await page.$$eval('[data-testid="job"]', (n) => n.map((x) => x.dataset.jobId)));
  await clearAndType(page, '[data-testid="param-countdown-seconds"]', String(seconds));
  await page.click('[data-testid="start-countdown"]');
  return until("the new job's card", async () => {
    const ids = await page.$$eval('[data-testid="job"]', (n) => n.map((x) => x.dataset.jobId));
    return ids.find((id) => !before.has(id));
  });
}

export default async function jobs({ page }) {
  await tab(page, "jobs");
  await page.waitForSelector('[data-testid="param-countdown-seconds"]');
  await clearAndType(page, '[data-testid="param-countdown-seconds"]', "0");
  assert.equal(await page.$eval('[data-testid="start-countdown"]', (b) => b.disabled), true, "Start enabled for 0");

  const done = await startCountdown(page, 2);
  await until("succeeded", async () => (await stateOf(page, done)) === "succeeded", 15000);
  assert.equal(await text(page, `${card(done)} [data-testid="job-message"]`), "done");
  assert.equal(await page.$eval(`${card(done)} [data-testid="job-progress"]`, (n) => n.dataset.value), "100");
  assert.equal(await page.$(`${card(done)} [data-testid="job-cancel"]`), null);
  await until("in past jobs", async () =>
    (await page.$eval(`[data-testid="past-job"][data-job-id="${done}"]`, (n) => n.dataset.state).catch(() => null)) === "succeeded");
  assert.equal(await text(page, `[data-testid="past-job"][data-job-id="${done}"] [data-testid="past-job-detail"]`), "exit 0");

  const cancelled = await startCountdown(page, 30);
  await until("running", async () => (await stateOf(page, cancelled)) === "running", 10000);
  await until("progress message", async () =>
    /^step [0-9]+$/.test(await text(page, `${card(cancelled)} [data-testid="job-message"]`)));
  await page.click(`${card(cancelled)} [data-testid="job-cancel"]`);
  await until("cancelled", async () => (await stateOf(page, cancelled)) === "cancelled", 10000);

  // Reload while a job runs: the Jobs tab (kept in the URL) follows it again from the host.
  const running = await startCountdown(page, 3);
  await until("running", async () => (await stateOf(page, running)) === "running");
  await page.reload({ waitUntil: "load" });
  await until("picked up after reload", async () => (await stateOf(page, running)) === "running");
  await until("then finished", async () => (await stateOf(page, running)) === "succeeded", 15000);
  assert.equal(await text(page, `${card(running)} [data-testid="job-message"]`), "done");
}
