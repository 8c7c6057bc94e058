#include "errors.h"

namespace notes {

berth::HttpError bad_field(std::string_view field, std::string_view problem) {
  std::string name(field);
  return berth::HttpError(400, name + ": " + std::string(problem), {{"field", name}});
}

berth::HttpError note_not_found(std::string_view id) {
  return berth::HttpError(404, "note " + std::string(id) + " not found");
}

berth::HttpError note_not_found(std::int64_t id) {
  return note_not_found(std::to_string(id));
}

berth::HttpError note_changed(std::int64_t id, const std::string& current_etag) {
  return berth::HttpError(412, "note " + std::to_string(id) + " was changed by someone else",
                          {{"etag", current_etag}});
}

}  // namespace notes
