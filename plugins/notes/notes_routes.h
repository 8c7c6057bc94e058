#pragma once
// The HTTP side: parses requests, calls the store, shapes responses.
//
//   GET    /            list: ?limit=1..200 (50) &cursor=<next_cursor> &q=<text>
//   POST   /            create -> 201, Location, ETag
//   GET    /:id         one note, ETag; If-None-Match -> 304
//   PUT    /:id         full replace (title required; body, tags default to empty)
//   PATCH  /:id         partial update
//   DELETE /:id         -> 204
//
// Paths are relative to the mount (/notes by default). An :id that is not a canonical positive
// integer is a 404 like an unknown id, for every method. PUT, PATCH and DELETE honour If-Match
// (412 on a stale ETag); without it the last writer wins.
#include "note_store.h"
#include "validate.h"

#include <berth/routes.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace notes {

struct Settings {
  Limits limits = {};
  std::string mount = "/notes";  // for Location headers
};

void add_routes(berth::Routes& routes, std::shared_ptr<NoteStore> store, const Settings& settings);

// "/notes" + 42 -> "/notes/42"; mount "/" -> "/42".
std::string note_location(std::string_view mount, std::int64_t id);

}  // namespace notes
