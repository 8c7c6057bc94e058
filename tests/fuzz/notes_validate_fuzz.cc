// A POST, PUT or PATCH /notes body as the notes plugin reads it: Request::json(), then its field
// rules. Every input is a note within the limits or a 400 naming a field.
#include "fuzz_target.h"
#include "validate.h"

#include <berth/request.h>

#include <algorithm>

namespace {

void check_note_fields(const notes::NoteFields& fields, const notes::Limits& limits) {
  BERTH_FUZZ_CHECK(fields.title.empty() || notes::trim(fields.title) == fields.title);
  BERTH_FUZZ_CHECK(notes::utf8_length(fields.title) <= limits.max_title);
  BERTH_FUZZ_CHECK(fields.body.size() <= limits.max_body_bytes);
  BERTH_FUZZ_CHECK(fields.tags.size() <= limits.max_tags);
  for (std::size_t i = 0; i < fields.tags.size(); ++i) {
    const std::string& tag = fields.tags[i];
    BERTH_FUZZ_CHECK(!tag.empty() && notes::trim(tag) == tag);
    BERTH_FUZZ_CHECK(notes::utf8_length(tag) <= limits.max_tag);
    BERTH_FUZZ_CHECK(std::count(fields.tags.begin(), fields.tags.end(), tag) == 1);
  }
}

}  // namespace

BERTH_FUZZ_TARGET(notes_validate) {
  notes::Limits limits;
  limits.max_title = 20;  // small limits so the fuzzer reaches them
  limits.max_body_bytes = 64;
  limits.max_tags = 4;
  limits.max_tag = 8;
  berth::Request request;
  request.body = std::string(berth::fuzz::as_text(data, size));
  try {
    const nlohmann::json& body = request.json();
    try {
      notes::NoteFields full = notes::parse_full(body, limits);
      BERTH_FUZZ_CHECK(!full.title.empty());
      check_note_fields(full, limits);
    } catch (const berth::HttpError& e) {
      BERTH_FUZZ_CHECK(e.status() == 400);
    }
    notes::NotePatch patch = notes::parse_patch(body, limits);
    check_note_fields(notes::apply_patch(notes::NoteFields{"t", "", {}}, patch), limits);
  } catch (const berth::HttpError& e) {
    BERTH_FUZZ_CHECK(e.status() == 400);
  }
  return 0;
}
