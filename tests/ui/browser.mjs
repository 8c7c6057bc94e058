// Headless Chromium (Debian's, no download) through puppeteer-core, a fresh profile per run, and
// the page helpers the flows share: exact texts of elements, waiting for a condition with the
// state it last saw in the failure message.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import puppeteer from "puppeteer-core";

export async function launch() {
  const profile = mkdtempSync(path.join(os.tmpdir(), "berth-ui-chromium."));
  return puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--no-first-run", `--user-data-dir=${profile}`, "--window-size=1280,900",
    ],
    defaultViewport: { width: 1280, height: 900 },
  });
}

/** A new page that records console errors and uncaught exceptions in `page.problems`. */
export async function openPage(browser, url, { dark = false } = {}) {
  const page = await browser.newPage();
  page.problems = [];
  page.on("console", (m) => m.type() === "error" && page.problems.push(`console: ${m.text()}`));
  page.on("pageerror", (e) => page.problems.push(`exception: ${e.message}`));
  await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: dark ? "dark" : "light" }]);
  page.setDefaultTimeout(10000);
  await page.goto(url, { waitUntil: "load" });
  return page;
}

export function texts(page, selector) {
  return page.$$eval(selector, (nodes) => nodes.map((n) => n.textContent.trim()));
}

export function text(page, selector) {
  return page.$eval(selector, (n) => n.textContent.trim());
}

/** Waits until `probe()` (run in Node) returns a truthy value; fails with the last value seen. */
export async function until(what, probe, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (e) {
      last = `threw ${e.message}`;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until the texts of `selector` equal `expected` exactly (order included). */
export async function untilTexts(page, selector, expected, timeoutMs = 10000) {
  let seen;
  try {
    await until(`${selector} = ${JSON.stringify(expected)}`, async () => {
      seen = await texts(page, selector);
      return JSON.stringify(seen) === JSON.stringify(expected);
    }, timeoutMs);
  } catch (e) {
    throw new Error(`${selector}: expected ${JSON.stringify(expected)}, saw ${JSON.stringify(seen)}`);
  }
}

/** Replaces a field's text: one input event for the whole value, as a paste gives. */
export async function clearAndType(page, selector, value) {
  await page.click(selector, { clickCount: 3 });
  await page.keyboard.press("Backspace");
  if (value) await page.keyboard.sendCharacter(value);
}

export async function tab(page, name) {
  await page.click(`[data-testid="tab-${name}"]`);
}

/**
 * Holds back the answers of the page's vm.service calls in the browser: each `POST
 * /__berth/service` reaches berth dev and the backend at once, and the answers of the calls
 * `holds(call)` picks (`call` is the page's {method, url, ...}) wait until releaseNewestFirst()
 * hands them to the page, the newest first, then each older one: stale answers arrive last,
 * whatever the machine's speed. Other answers go on at once. Through Chromium's Fetch domain at
 * the response stage, so berth dev needs no test hook. Returns {calls, released, pending(),
 * releaseNewestFirst(), stop()}: the calls in the order the backend answered them, in the order
 * their answers were handed on, how many are still held.
 */
export async function holdServiceAnswers(page, holds) {
  const cdp = await page.createCDPSession();
  const calls = [];
  const released = [];
  let waiting = []; // held: [{call, requestId}], oldest first
  let inFlight = 0;
  const release = (call, requestId) => {
    released.push(call);
    inFlight++;
    return cdp.send("Fetch.continueRequest", { requestId }).catch(() => {}).finally(() => inFlight--);
  };
  cdp.on("Fetch.requestPaused", (event) => {
    let call = {};
    try {
      call = JSON.parse(event.request.postData ?? "{}");
    } catch {}
    calls.push(call);
    if (holds(call)) waiting.push({ call, requestId: event.requestId });
    else release(call, event.requestId);
  });
  await cdp.send("Fetch.enable", { patterns: [{ urlPattern: "*/__berth/service", requestStage: "Response" }] });
  const releaseNewestFirst = async (gapMs = 100) => {
    const held = waiting.reverse();
    waiting = [];
    for (const { call, requestId } of held) {
      await release(call, requestId);
      await new Promise((r) => setTimeout(r, gapMs));
    }
  };
  return {
    calls,
    released,
    pending: () => waiting.length + inFlight,
    releaseNewestFirst,
    stop: async () => {
      await releaseNewestFirst(0);
      await until("held answers released", () => inFlight === 0, 15000);
      await cdp.send("Fetch.disable");
      await cdp.detach();
    },
  };
}
