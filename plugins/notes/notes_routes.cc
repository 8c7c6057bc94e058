#include "notes_routes.h"

#include "cursor.h"
#include "errors.h"
#include "etag.h"
#include "ids.h"
#include "notes_schemas.h"

#include <berth/http.h>

namespace notes {
namespace {

std::int64_t id_param(const berth::Request& request) {
  const std::string& text = request.param("id");
  auto id = parse_id(text);
  if (!id) throw note_not_found(text);
  return *id;
}

std::optional<std::string> header(const berth::Request& request, std::string_view name) {
  auto value = request.headers.get(name);
  if (!value) return std::nullopt;
  return std::string(*value);
}

berth::Response note_response(const Note& note, int status = 200) {
  return berth::Response::json(to_json(note), status).header("ETag", etag_of(note));
}

nlohmann::json page_json(const Page& page) {
  nlohmann::json notes = nlohmann::json::array();
  for (const auto& note : page.notes) notes.push_back(to_json(note));
  nlohmann::json next = nullptr;
  if (page.next_before) next = encode_cursor(*page.next_before);
  return {{"notes", std::move(notes)}, {"next_cursor", std::move(next)}};
}

// Storage is blocking: every handler keeps the default (worker pool) route options.
void add_collection_routes(berth::Routes& routes, const std::shared_ptr<NoteStore>& store,
                           const Settings& settings) {
  routes.get("/",
             [store](berth::Request& request) {
               return page_json(store->list(parse_list_query(request)));
             },
             {.summary = "List notes, newest first",
              .description = "Keyset pages: notes created or deleted meanwhile never shift later "
                             "pages. q searches title and body.",
              .name = "list",
              .query_schema = list_query_schema(),
              .responses = {{200, page_schema(settings.limits)}, {400, error_schema()}}});
  routes.post("/",
              [store, settings](berth::Request& request) {
                Note note = store->create(parse_full(request.json(), settings.limits));
                return note_response(note, 201).header("Location",
                                                       note_location(settings.mount, note.id));
              },
              {.summary = "Create a note",
               .description = "201 with the note, its Location and its ETag",
               .name = "create",
               .body_schema = full_body_schema(settings.limits),
               .responses = {{201, note_schema(settings.limits)}, {400, error_schema()}}});
}

void add_item_routes(berth::Routes& routes, const std::shared_ptr<NoteStore>& store,
                     const Settings& settings) {
  routes.get(
      "/:id",
      [store](berth::Request& request) {
        std::int64_t id = id_param(request);
        auto note = store->find(id);
        if (!note) throw note_not_found(id);
        auto cached = header(request, "If-None-Match");
        if (cached && if_none_match_hits(*cached, etag_of(*note)))
          return berth::Response::empty(304).header("ETag", etag_of(*note));
        return note_response(*note);
      },
      {.summary = "One note, with its ETag",
       .description = "If-None-Match with the current ETag: 304 without a body",
       .name = "get",
       .path_schema = id_path_schema(),
       .responses = {{200, note_schema(settings.limits)}, {304, nullptr}, {404, error_schema()}}});
  routes.put("/:id",
             [store, limits = settings.limits](berth::Request& request) {
               std::int64_t id = id_param(request);
               NoteFields fields = parse_full(request.json(), limits);
               return note_response(store->replace(id, fields, header(request, "If-Match")));
             },
             {.summary = "Replace a note",
              .description = "Title required; body and tags default to empty. If-Match: a stale "
                             "ETag is a 412 and nothing is written",
              .name = "replace",
              .body_schema = full_body_schema(settings.limits),
              .path_schema = id_path_schema(),
              .responses = {{200, note_schema(settings.limits)},
                            {400, error_schema()},
                            {404, error_schema()},
                            {412, stale_schema()}}});
  routes.patch("/:id",
               [store, limits = settings.limits](berth::Request& request) {
                 std::int64_t id = id_param(request);
                 NotePatch patch = parse_patch(request.json(), limits);
                 return note_response(store->update(id, patch, header(request, "If-Match")));
               },
               {.summary = "Change some fields of a note",
                .description = "Only the fields given change. If-Match: a stale ETag is a 412 "
                               "and nothing is written",
                .name = "update",
                .body_schema = patch_body_schema(settings.limits),
                .path_schema = id_path_schema(),
                .responses = {{200, note_schema(settings.limits)},
                              {400, error_schema()},
                              {404, error_schema()},
                              {412, stale_schema()}}});
  routes.del("/:id",
             [store](berth::Request& request) {
               store->remove(id_param(request), header(request, "If-Match"));
               return berth::Response::empty(204);
             },
             {.summary = "Delete a note",
              .description = "204. If-Match: a stale ETag is a 412 and nothing is deleted",
              .name = "remove",
              .path_schema = id_path_schema(),
              .responses = {{204, nullptr}, {404, error_schema()}, {412, stale_schema()}}});
}

}  // namespace

void add_routes(berth::Routes& routes, std::shared_ptr<NoteStore> store, const Settings& settings) {
  add_collection_routes(routes, store, settings);
  add_item_routes(routes, store, settings);
}

std::string note_location(std::string_view mount, std::int64_t id) {
  std::string location(mount);
  if (location.empty() || location.back() != '/') location += '/';
  return location + std::to_string(id);
}

}  // namespace notes
