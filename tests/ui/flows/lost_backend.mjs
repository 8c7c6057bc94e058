// The backend killed mid-job (SIGKILL of the berth that `berth dev --backend-socket` forwards to;
// the page server keeps serving): the page shows the disconnected banner with berth dev's reason
// and keeps retrying; once berth is back (same data, same socket) the banner goes by itself and
// the job shows as interrupted.
import assert from "node:assert/strict";
import { tab, text, until } from "../browser.mjs";
import { startCountdown } from "./jobs.mjs";

export default async function lostBackend({ page, berth }) {
  await tab(page, "jobs");
  await page.waitForSelector('[data-testid="param-countdown-seconds"]');
  const id = await startCountdown(page, 30);
  const state = () => page.$eval(`[data-testid="job"][data-job-id="${id}"]`, (n) => n.dataset.state);
  await until("running", async () => (await state()) === "running");
  await page.evaluate(() => (window.__sameDocument = true));
  await berth.kill();
  const banner = await until("disconnected banner", async () => await text(page, '[data-testid="disconnected"]').catch(() => null));
  assert.match(banner, /^Lost the connection to the berth backend \(backend socket \/.*\/backend\.sock: .+\)\. Retrying/);
  assert.equal(await state(), "running", "the page made up a state while the backend was away");
  await new Promise((r) => setTimeout(r, 1500)); // a few failed probes
  await berth.start();
  await until("banner gone", async () => (await page.$('[data-testid="disconnected"]')) === null, 15000);
  await until("interrupted", async () => (await state()) === "interrupted", 15000);
  assert.match(await text(page, `[data-testid="job"][data-job-id="${id}"] [data-testid="job-error"]`), /./);
  assert.equal(await page.evaluate(() => window.__sameDocument), true, "the page was reloaded: it did not recover by itself");
}
