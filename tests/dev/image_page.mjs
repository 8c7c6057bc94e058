// `berth dev --image`: the extension's own UI, served from the image, reaches the backend in its
// container through the emulated ddClient, in real headless Chromium.
// Usage: node image_page.mjs URL — prints what ddClient.extension.vm.service.get("/hello") gave.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import puppeteer from "puppeteer-core";

const [url] = process.argv.slice(2);
const profile = fs.mkdtempSync(path.join(os.tmpdir(), "berth-dev-image-chromium-"));
const browser = await puppeteer.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  userDataDir: profile,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"],
});
try {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url, { waitUntil: "load", timeout: 30000 });
  const reply = await page.evaluate(() => window.ddClient.extension.vm.service.get("/hello"));
  console.log(JSON.stringify({ reply, errors }));
} finally {
  await browser.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
