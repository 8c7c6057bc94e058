// Containers on a real Docker Engine (the `engine` fixture): a labelled container found by its
// label, its logs, restart and stop as jobs followed to the end, and the events the plugin
// recorded. The container traps TERM so that stop takes well under docker's 10 s.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { clearAndType, tab, texts, until, untilTexts } from "../browser.mjs";

const docker = (...args) => execFileSync("/usr/bin/docker", args, { encoding: "utf8" }).trim();

export default async function containersEngine({ page, shape }) {
  const label = `berth-ui-test=${shape}-${process.pid}`;
  const name = `berth-ui-${shape}-${process.pid}`;
  docker("run", "-d", "--network", "none", "--name", name, "--label", label, process.env.BERTH_BASE_IMAGE || "local/debian:bookworm",
    "sh", "-c", 'trap "exit 0" TERM; echo "hello from $HOSTNAME"; while :; do sleep 0.1; done');
  try {
    await tab(page, "containers");
    await page.waitForSelector('[data-testid="container-label"]', { timeout: 15000 });
    await clearAndType(page, '[data-testid="container-label"]', label);
    await page.click('[data-testid="container-filter"]');
    await untilTexts(page, '[data-testid="container-name"]', [name]);
    await untilTexts(page, '[data-testid="container-state"]', ["running"]);

    await page.click('[data-testid="container-logs"]');
    const log = await until("container log", async () => (await texts(page, '[data-testid="container-log"] span'))[0]);
    assert.match(log, /^hello from [0-9a-f]{12}$/);
    await page.click('[data-testid="container-logs-close"]');
    await untilTexts(page, '[data-testid="container-logs-dialog"]', []);

    await page.click('[data-testid="container-restart"]');
    await until("restart job succeeded", async () =>
      (await page.$$eval('[data-testid="job"]', (n) => n.map((x) => x.dataset.state))).join() === "succeeded", 20000);
    await page.click('[data-testid="container-stop"]');
    await until("stop job succeeded", async () =>
      (await page.$$eval('[data-testid="job"]', (n) => n.map((x) => x.dataset.state))).join() === "succeeded,succeeded", 20000);
    await untilTexts(page, '[data-testid="container-state"]', ["exited"]);
    const jobs = await page.$$eval('[data-testid="job"] h4', (n) => n.map((x) => x.textContent));
    assert.deepEqual(jobs, ["docker.stop", "docker.restart"]);

    // The events list is read when the screen opens: open it again to see this container's.
    await tab(page, "overview");
    await tab(page, "containers");
    await until("events of the container", async () => {
      const actions = (await texts(page, '[data-testid="event"]')).filter((e) => e.includes(` ${name} `)).map((e) => e.split(" ")[2]);
      return actions.includes("start") && actions.includes("die") && actions.includes("stop");
    });
  } finally {
    docker("rm", "-f", name);
  }
}
