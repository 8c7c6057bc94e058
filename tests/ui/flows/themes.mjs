// Light and dark follow the system (prefers-color-scheme), and every screen is photographed in
// both into SCREENSHOTS (docs/screenshots with `make ui-screenshots`).
import assert from "node:assert/strict";
import path from "node:path";
import { openPage, tab, text, until } from "../browser.mjs";
import { startCountdown } from "./jobs.mjs";

const screens = ["overview", "notes", "jobs", "containers", "logs"];
const backgrounds = { light: "rgb(244, 244, 246)", dark: "rgb(32, 33, 36)" };

export default async function themes({ browser, ui, screenshots }) {
  for (const theme of ["light", "dark"]) {
    const page = await openPage(browser, ui.url, { dark: theme === "dark" });
    await page.waitForSelector('[data-testid="tab-overview"]');
    const colours = await page.evaluate(() => {
      const input = document.createElement("input");
      document.body.append(input);
      const style = [getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color];
      input.remove();
      return style;
    });
    assert.equal(colours[0], backgrounds[theme], `${theme} background`);
    assert.notEqual(colours[1], theme === "dark" ? "rgb(0, 0, 0)" : "rgb(255, 255, 255)");
    for (const screen of screens) {
      await tab(page, screen);
      await until(`${screen} loaded`, async () => (await page.$('[data-testid$="-loading"]')) === null);
      if (screen === "jobs") {
        // A job running, for the picture: its card with progress and message.
        await page.waitForSelector('[data-testid="param-countdown-seconds"]');
        const id = await startCountdown(page, 3);
        await until("a step", async () =>
          /^step [0-9]$/.test(await text(page, `[data-testid="job"][data-job-id="${id}"] [data-testid="job-message"]`)));
      }
      await new Promise((r) => setTimeout(r, 250)); // tab indicator and ripples settle
      if (screenshots) await page.screenshot({ path: path.join(screenshots, `${screen}-${theme}.png`) });
    }
    assert.deepEqual(page.problems, []);
    await page.close();
  }
}
