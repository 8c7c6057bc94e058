#pragma once
// Notes in the plugin's SQLite database. Every mutation is one storage.write() call: the
// If-Match check, the read it needs and the change run in the same transaction, so nothing is
// partly written and no other writer slips in between.
#include "clock.h"
#include "list_query.h"
#include "note.h"
#include "validate.h"

#include <berth/storage.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace notes {

struct Page {
  std::vector<Note> notes;
  std::optional<std::int64_t> next_before;  // the last id on the page when more follow
};

class NoteStore {
 public:
  explicit NoteStore(berth::Storage& storage, Clock now = utc_now);

  Note create(const NoteFields& fields);
  std::optional<Note> find(std::int64_t id);
  // Newest first (id descending).
  Page list(const ListQuery& query);

  // `if_match` is the If-Match header, if any: a mismatch throws 412 with the current ETag. An
  // unknown id throws 404 whatever If-Match says. A write that changes no field keeps the
  // revision (and the ETag) and `updated`.
  Note replace(std::int64_t id, const NoteFields& fields,
               const std::optional<std::string>& if_match);
  Note update(std::int64_t id, const NotePatch& patch, const std::optional<std::string>& if_match);
  void remove(std::int64_t id, const std::optional<std::string>& if_match);

 private:
  Note modify(std::int64_t id, const NotePatch& patch, const std::optional<std::string>& if_match);

  berth::Storage& storage_;
  Clock now_;
};

std::string etag_of(const Note& note);

}  // namespace notes
