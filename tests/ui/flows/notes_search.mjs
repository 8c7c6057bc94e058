// Typing a search with pauses sends a request per pause; the page server answers shorter
// (older) queries later than longer ones (see e2e.mjs), so stale answers arrive last. The list
// must end up with exactly the matches of the full query, once each.
import assert from "node:assert/strict";
import { clearAndType, tab, texts, until, untilTexts } from "../browser.mjs";
import { title } from "./notes_pages.mjs";

export default async function notesSearch({ page, ui }) {
  await tab(page, "notes");
  const sent = ui.searches.length;
  await clearAndType(page, '[data-testid="notes-search"]', "");
  for (const key of "note 01") {
    await page.type('[data-testid="notes-search"]', key);
    await new Promise((r) => setTimeout(r, key === " " ? 20 : 300)); // pauses longer than the debounce
  }
  const expected = Array.from({ length: 10 }, (_, i) => title(19 - i)); // note 019 .. note 010
  await untilTexts(page, '[data-testid="note-title"]', expected);
  // Give every stale answer time to land, then check nothing overwrote or appended to the list.
  await until("all searches answered", () => ui.pending() === 0, 5000);
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(await texts(page, '[data-testid="note-title"]'), expected);
  assert.ok(ui.searches.length - sent >= 4, `expected several searches in flight, saw ${ui.searches.slice(sent)}`);

  await clearAndType(page, '[data-testid="notes-search"]', "no such note");
  await until("empty state", async () =>
    (await texts(page, '[data-testid="notes-empty"]'))[0] === "No notes match “no such note”.");
  assert.deepEqual(await texts(page, '[data-testid="note-title"]'), []);
  await clearAndType(page, '[data-testid="notes-search"]', "");
  await until("the list back", async () => (await texts(page, '[data-testid="note-title"]')).length === 50);
}
