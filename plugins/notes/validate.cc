#include "validate.h"

#include "errors.h"

#include <algorithm>
#include <array>

namespace notes {
namespace {

constexpr std::array<std::string_view, 3> kWritable = {"body", "tags", "title"};
constexpr std::array<std::string_view, 4> kReadOnly = {"created", "etag", "id", "updated"};

bool contains(const auto& list, std::string_view name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

void check_object(const nlohmann::json& body) {
  if (!body.is_object()) throw berth::HttpError(400, "the request body must be a JSON object");
  for (const auto& [name, value] : body.items()) {
    if (contains(kWritable, name)) continue;
    if (contains(kReadOnly, name)) throw bad_field(name, "is read-only");
    throw bad_field(name, "unknown field (expected title, body, tags)");
  }
}

std::string title_problem(const Limits& limits) {
  return "must be a string of 1 to " + std::to_string(limits.max_title) + " characters";
}

std::string parse_title(const nlohmann::json& value, const Limits& limits) {
  if (!value.is_string()) throw bad_field("title", title_problem(limits));
  std::string_view title = trim(value.get_ref<const std::string&>());
  std::size_t length = utf8_length(title);
  if (length < 1 || length > limits.max_title) throw bad_field("title", title_problem(limits));
  return std::string(title);
}

std::string parse_body(const nlohmann::json& value, const Limits& limits) {
  if (!value.is_string() || value.get_ref<const std::string&>().size() > limits.max_body_bytes)
    throw bad_field(
        "body", "must be a string of at most " + std::to_string(limits.max_body_bytes) + " bytes");
  return value.get<std::string>();
}

std::string parse_tag(const nlohmann::json& value, std::size_t index, const Limits& limits) {
  std::string where = "tags[" + std::to_string(index) + "]";
  std::string problem =
      "must be a string of 1 to " + std::to_string(limits.max_tag) + " characters";
  if (!value.is_string()) throw bad_field("tags", where + " " + problem);
  std::string_view tag = trim(value.get_ref<const std::string&>());
  std::size_t length = utf8_length(tag);
  if (length < 1 || length > limits.max_tag) throw bad_field("tags", where + " " + problem);
  return std::string(tag);
}

std::vector<std::string> parse_tags(const nlohmann::json& value, const Limits& limits) {
  if (!value.is_array() || value.size() > limits.max_tags)
    throw bad_field("tags",
                    "must be an array of at most " + std::to_string(limits.max_tags) + " strings");
  std::vector<std::string> tags;
  for (std::size_t i = 0; i < value.size(); ++i) {
    std::string tag = parse_tag(value[i], i, limits);
    if (contains(tags, tag))
      throw bad_field("tags",
                      "tags[" + std::to_string(i) + "] repeats " + nlohmann::json(tag).dump());
    tags.push_back(std::move(tag));
  }
  return tags;
}

}  // namespace

NoteFields parse_full(const nlohmann::json& body, const Limits& limits) {
  NotePatch given = parse_patch(body, limits);
  if (!given.title) throw bad_field("title", "is required");
  return apply_patch(NoteFields{}, given);
}

NotePatch parse_patch(const nlohmann::json& body, const Limits& limits) {
  check_object(body);
  NotePatch patch;
  if (auto it = body.find("body"); it != body.end()) patch.body = parse_body(*it, limits);
  if (auto it = body.find("tags"); it != body.end()) patch.tags = parse_tags(*it, limits);
  if (auto it = body.find("title"); it != body.end()) patch.title = parse_title(*it, limits);
  return patch;
}

NoteFields apply_patch(NoteFields fields, const NotePatch& patch) {
  if (patch.title) fields.title = *patch.title;
  if (patch.body) fields.body = *patch.body;
  if (patch.tags) fields.tags = *patch.tags;
  return fields;
}

std::size_t utf8_length(std::string_view text) {
  // Every code point has exactly one byte that is not a continuation byte (10xxxxxx).
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string_view trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\n\r\f\v";
  auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

}  // namespace notes
