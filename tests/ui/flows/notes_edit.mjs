// Create (a double click makes one note; tags), an error that clears on the next success, edit
// with If-Match and a change made elsewhere (412 -> "changed elsewhere" -> reload), delete with
// confirmation.
import assert from "node:assert/strict";
import { clearAndType, tab, text, texts, until, untilTexts } from "../browser.mjs";


async function rowOf(page, title) {
  return until(`row of ${title}`, async () => {
    for (const item of await page.$$('[data-testid="note"]')) {
      if ((await item.$eval('[data-testid="note-title"]', (n) => n.textContent)) === title) return item;
    }
    return null;
  });
}

export default async function notesEdit({ page, berth, shape }) {
  await tab(page, "notes");
  const name = `created in ${shape}`;
  // A tag over berth's limit: the 400's message shows, then clears once a create succeeds.
  await clearAndType(page, '[data-testid="new-title"]', name);
  await clearAndType(page, '[data-testid="new-tags"]', "x".repeat(300));
  await page.click('[data-testid="note-add"]');
  await until("create error", async () => /tags/.test(await text(page, '[data-testid="note-form-error"]')));
  await clearAndType(page, '[data-testid="new-tags"]', "x, y, x");
  await page.click('[data-testid="note-add"]', { clickCount: 2 });
  await until("form cleared", async () => (await page.$eval('[data-testid="new-title"]', (n) => n.value)) === "");
  assert.equal(await page.$('[data-testid="note-form-error"]'), null, "the error stays after a success");
  const found = (await berth.call("GET", `/notes?q=${encodeURIComponent(name)}`)).body.notes;
  assert.equal(found.length, 1, `a double click created ${found.length} notes`);
  assert.deepEqual(found[0].tags, ["x", "y"]);
  const item = await rowOf(page, name);
  assert.deepEqual(await item.$$eval('[data-testid="note-tag"]', (n) => n.map((x) => x.textContent)), ["x", "y"]);

  // Edit; meanwhile someone else changes the note; Save is refused and offers a reload.
  await (await item.$('[data-testid="note-edit"]')).click();
  await page.waitForSelector('[data-testid="note-editor"]');
  await clearAndType(page, '[data-testid="edit-body"]', "my edit");
  const id = found[0].id;
  assert.equal((await berth.call("PATCH", `/notes/${id}`, { title: `${name} (changed elsewhere)` })).status, 200);
  await page.click('[data-testid="note-save"]');
  await until("conflict", async () =>
    (await text(page, '[data-testid="note-conflict"]')).startsWith("This note was changed elsewhere."));
  assert.equal((await berth.call("GET", `/notes/${id}`)).body.body, "", "a stale If-Match wrote the note");
  await page.click('[data-testid="note-conflict-reload"]');
  await until("reloaded", async () =>
    (await page.$eval('[data-testid="edit-title"]', (n) => n.value)) === `${name} (changed elsewhere)`);
  assert.equal(await page.$('[data-testid="note-conflict"]'), null);
  await clearAndType(page, '[data-testid="edit-body"]', "edited after reload");
  await clearAndType(page, '[data-testid="edit-tags"]', "z");
  await page.click('[data-testid="note-save"]');
  await until("editor closed", async () => (await page.$('[data-testid="note-editor"]')) === null);
  const saved = (await berth.call("GET", `/notes/${id}`)).body;
  assert.deepEqual([saved.title, saved.body, saved.tags], [`${name} (changed elsewhere)`, "edited after reload", ["z"]]);
  const edited = await rowOf(page, `${name} (changed elsewhere)`);
  assert.equal(await edited.$eval('[data-testid="note-body"]', (n) => n.textContent), "edited after reload");

  // Delete asks first; Cancel keeps it, Delete removes it.
  await (await edited.$('[data-testid="note-delete"]')).click();
  await page.waitForSelector('[data-testid="note-confirm-delete"]');
  await page.click('[data-testid="note-delete-confirm"]');
  await until("note gone", async () => !(await texts(page, '[data-testid="note-title"]')).includes(`${name} (changed elsewhere)`));
  assert.equal((await berth.call("GET", `/notes/${id}`)).status, 404);
  await untilTexts(page, '[data-testid="note-confirm-delete"]', []);
}
