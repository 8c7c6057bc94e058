// Typing a search with pauses sends a request per pause. The browser holds every search's answer
// back (holdServiceAnswers: the requests go through berth dev to the backend at once) and hands
// them to the page newest first, so every stale answer arrives after the newest. The list must
// end up with exactly the matches of the full query, once each.
import assert from "node:assert/strict";
import { clearAndType, holdServiceAnswers, tab, texts, until, untilTexts } from "../browser.mjs";
import { title } from "./notes_pages.mjs";

// The query of a search call, else null.
function searchQuery(call) {
  if (call.method !== "GET" || typeof call.url !== "string" || !call.url.startsWith("/notes?")) return null;
  return new URL(call.url, "http://x").searchParams.get("q");
}

export default async function notesSearch({ page }) {
  await tab(page, "notes");
  await clearAndType(page, '[data-testid="notes-search"]', "");
  const hold = await holdServiceAnswers(page, (call) => searchQuery(call) !== null);
  const expected = Array.from({ length: 10 }, (_, i) => title(19 - i)); // note 019 .. note 010
  try {
    for (const key of "note 01") {
      await page.type('[data-testid="notes-search"]', key);
      await new Promise((r) => setTimeout(r, key === " " ? 20 : 300)); // pauses longer than the debounce
    }
    await until("the full query's search sent", () => hold.calls.map(searchQuery).includes("note 01"), 10000);
    await hold.releaseNewestFirst();
    await untilTexts(page, '[data-testid="note-title"]', expected);
    // Every stale answer has landed after the newest: nothing may have overwritten or appended.
    await until("all searches answered", () => hold.pending() === 0, 5000);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(await texts(page, '[data-testid="note-title"]'), expected);
    const searches = hold.calls.map(searchQuery).filter((q) => q !== null);
    assert.ok(searches.length >= 4, `expected several searches in flight, saw ${JSON.stringify(searches)}`);
    assert.equal(searches.at(-1), "note 01", `the last search sent: ${JSON.stringify(searches)}`);
    const answered = hold.released.map(searchQuery).filter((q) => q !== null);
    assert.notEqual(answered.at(-1), "note 01", `no stale answer came after the newest: ${JSON.stringify(answered)}`);
  } finally {
    await hold.stop();
  }

  await clearAndType(page, '[data-testid="notes-search"]', "no such note");
  await until("empty state", async () =>
    (await texts(page, '[data-testid="notes-empty"]'))[0] === "No notes match “no such note”.");
  assert.deepEqual(await texts(page, '[data-testid="note-title"]'), []);
  await clearAndType(page, '[data-testid="notes-search"]', "");
  await until("the list back", async () => (await texts(page, '[data-testid="note-title"]')).length === 50);
}
