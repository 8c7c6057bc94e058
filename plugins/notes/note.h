#pragma once
// The Note type and its JSON shape.
#include <berth/storage.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace notes {

// What a client may write.
struct NoteFields {
  std::string title;
  std::string body;
  std::vector<std::string> tags;

  bool operator==(const NoteFields&) const = default;
};

struct Note {
  std::int64_t id = 0;
  // Bumped by every update that changes a field; the ETag is made of id and revision.
  std::int64_t revision = 1;
  NoteFields fields;
  std::string created;  // UTC RFC 3339 with milliseconds
  std::string updated;
};

// {"id", "title", "body", "tags", "created", "updated"}: the revision shows only in the ETag.
nlohmann::json to_json(const Note& note);

// A row of `SELECT id, revision, title, body, tags, created, updated`. Throws std::runtime_error
// when the row is not what the migrations create (a corrupt database is a 500, not a 400).
Note note_from_row(const berth::Row& row);

// The tags column holds a JSON array of strings.
std::string tags_to_text(const std::vector<std::string>& tags);

}  // namespace notes
