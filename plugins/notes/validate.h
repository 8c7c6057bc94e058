#pragma once
// Turns a request body into note fields, or a 400 naming the first bad field.
//
// Rules (the API contract, see README.md):
// - the body is a JSON object; its fields are title, body and tags; id, created and updated are
//   read-only; anything else is unknown. Fields are checked in alphabetical order, unknown and
//   read-only ones first, so the error for a given body is always the same.
// - null is a wrong type, not "absent".
// - title and tags are trimmed of leading and trailing ASCII whitespace before they are checked
//   and stored; lengths count Unicode code points (the JSON parser has already rejected invalid
//   UTF-8). body is stored verbatim and its limit counts UTF-8 bytes.
// - tags: at most 32, each 1 to 64 code points after trimming, no duplicates (case-sensitive).
#include "note.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace notes {

struct Limits {
  std::size_t max_title = 200;          // code points
  std::size_t max_body_bytes = 100000;  // bytes
  std::size_t max_tags = 32;
  std::size_t max_tag = 64;  // code points
};

// Only the fields present in a PATCH body.
struct NotePatch {
  std::optional<std::string> title = {};
  std::optional<std::string> body = {};
  std::optional<std::vector<std::string>> tags = {};
};

// POST and PUT: title required, body and tags default to empty.
NoteFields parse_full(const nlohmann::json& body, const Limits& limits);
// PATCH: every field optional.
NotePatch parse_patch(const nlohmann::json& body, const Limits& limits);
NoteFields apply_patch(NoteFields fields, const NotePatch& patch);

// Helpers, exposed for tests.
std::size_t utf8_length(std::string_view text);
std::string_view trim(std::string_view text);

}  // namespace notes
