#include "note.h"
#include "etag.h"

#include <stdexcept>

namespace notes {

nlohmann::json to_json(const Note& note) {
  return {{"id", note.id},
          {"title", note.fields.title},
          {"body", note.fields.body},
          {"tags", note.fields.tags},
          {"created", note.created},
          {"updated", note.updated},
          // The ETag header's value in the body too: Docker Desktop's vm.service hands a UI the
          // body only, and If-Match needs the tag the UI read.
          {"etag", format_etag(note.id, note.revision)}};
}

Note note_from_row(const berth::Row& row) {
  try {
    Note note;
    note.id = row.at("id").get<std::int64_t>();
    note.revision = row.at("revision").get<std::int64_t>();
    note.fields.title = row.at("title").get<std::string>();
    note.fields.body = row.at("body").get<std::string>();
    note.fields.tags =
        nlohmann::json::parse(row.at("tags").get<std::string>()).get<std::vector<std::string>>();
    note.created = row.at("created").get<std::string>();
    note.updated = row.at("updated").get<std::string>();
    return note;
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string("notes: unreadable row: ") + e.what());
  }
}

std::string tags_to_text(const std::vector<std::string>& tags) {
  return nlohmann::json(tags).dump();
}

}  // namespace notes
