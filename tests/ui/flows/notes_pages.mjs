// 200 notes, 50 a page: "Load more" until next_cursor is null, every note once, newest first.
import assert from "node:assert/strict";
import { tab, text, texts, until } from "../browser.mjs";

export const title = (i) => `note ${String(i).padStart(3, "0")}`;

export async function seed(berth, count) {
  for (let i = 1; i <= count; i++) {
    const r = await berth.call("POST", "/notes", { title: title(i), body: `body ${i}` });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
}

export default async function notesPages({ page }) {
  await tab(page, "notes");
  await until("first page", async () => (await texts(page, '[data-testid="note-title"]')).length === 50);
  assert.equal(await text(page, '[data-testid="notes-count"]'), "50 shown, more to load");
  for (const shown of [100, 150, 200]) {
    await page.click('[data-testid="notes-more"]');
    await until(`${shown} notes`, async () => (await texts(page, '[data-testid="note-title"]')).length === shown);
  }
  await until("no more button", async () => (await page.$('[data-testid="notes-more"]')) === null);
  assert.equal(await text(page, '[data-testid="notes-count"]'), "200 shown");
  const expected = Array.from({ length: 200 }, (_, i) => title(200 - i));
  assert.deepEqual(await texts(page, '[data-testid="note-title"]'), expected);
}
