#include "note_store.h"

#include "errors.h"
#include "etag.h"

#include <limits>

namespace notes {
namespace {

constexpr const char* kColumns = "id, revision, title, body, tags, created, updated";

std::optional<Note> select_note(berth::Db& db, std::int64_t id) {
  auto row = db.query_one(std::string("SELECT ") + kColumns + " FROM notes WHERE id = ?", {id});
  if (!row) return std::nullopt;
  return note_from_row(*row);
}

// The note as it is now, after the If-Match check.
Note current_note(berth::Db& db, std::int64_t id,
                  const std::optional<std::string>& if_match_header) {
  auto note = select_note(db, id);
  if (!note) throw note_not_found(id);
  if (if_match_header && !if_match(*if_match_header, etag_of(*note)))
    throw note_changed(id, etag_of(*note));
  return *note;
}

}  // namespace

std::string etag_of(const Note& note) {
  return format_etag(note.id, note.revision);
}

NoteStore::NoteStore(berth::Storage& storage, Clock now)
    : storage_(storage), now_(std::move(now)) {}

Note NoteStore::create(const NoteFields& fields) {
  return storage_.write([&](berth::Db& db) {
    std::string now = now_();
    db.exec(
        "INSERT INTO notes(title, body, tags, revision, created, updated) "
        "VALUES (?, ?, ?, 1, ?, ?)",
        {fields.title, fields.body, tags_to_text(fields.tags), now, now});
    return Note{
        .id = db.last_insert_id(), .revision = 1, .fields = fields, .created = now, .updated = now};
  });
}

std::optional<Note> NoteStore::find(std::int64_t id) {
  return storage_.read([&](berth::Db& db) { return select_note(db, id); });
}

Page NoteStore::list(const ListQuery& query) {
  // One statement for every combination (prepared once per connection): no cursor is "below the
  // largest id", no search is an empty q.
  std::int64_t before = query.before_id.value_or(std::numeric_limits<std::int64_t>::max());
  std::string pattern = like_pattern(query.q);
  auto rows = storage_.read([&](berth::Db& db) {
    return db.query(std::string("SELECT ") + kColumns +
                        " FROM notes WHERE id < ? AND (? = '' OR title LIKE ? ESCAPE '\\' "
                        "OR body LIKE ? ESCAPE '\\') ORDER BY id DESC LIMIT ?",
                    {before, query.q, pattern, pattern, query.limit + 1});
  });
  // One row more than asked says whether another page follows, so the last page has no cursor.
  Page page;
  for (const auto& row : rows) {
    if (page.notes.size() == static_cast<std::size_t>(query.limit)) {
      page.next_before = page.notes.back().id;
      break;
    }
    page.notes.push_back(note_from_row(row));
  }
  return page;
}

Note NoteStore::replace(std::int64_t id, const NoteFields& fields,
                        const std::optional<std::string>& if_match) {
  return modify(id, NotePatch{fields.title, fields.body, fields.tags}, if_match);
}

Note NoteStore::update(std::int64_t id, const NotePatch& patch,
                       const std::optional<std::string>& if_match) {
  return modify(id, patch, if_match);
}

Note NoteStore::modify(std::int64_t id, const NotePatch& patch,
                       const std::optional<std::string>& if_match) {
  return storage_.write([&](berth::Db& db) {
    Note note = current_note(db, id, if_match);
    NoteFields changed = apply_patch(note.fields, patch);
    if (changed == note.fields) return note;
    note.fields = std::move(changed);
    note.revision += 1;
    note.updated = now_();
    db.exec(
        "UPDATE notes SET title = ?, body = ?, tags = ?, revision = ?, updated = ? WHERE id = ?",
        {note.fields.title, note.fields.body, tags_to_text(note.fields.tags), note.revision,
         note.updated, id});
    return note;
  });
}

void NoteStore::remove(std::int64_t id, const std::optional<std::string>& if_match) {
  storage_.write([&](berth::Db& db) {
    current_note(db, id, if_match);
    db.exec("DELETE FROM notes WHERE id = ?", {id});
  });
}

}  // namespace notes
