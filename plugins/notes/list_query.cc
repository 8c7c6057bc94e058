#include "list_query.h"

#include "cursor.h"
#include "errors.h"
#include "validate.h"

#include <charconv>

namespace notes {
namespace {

int parse_limit(const std::optional<std::string>& text) {
  if (!text) return kDefaultLimit;
  int limit = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), limit);
  bool whole = error == std::errc() && end == text->data() + text->size() && !text->empty();
  if (!whole || limit < 1 || limit > kMaxLimit)
    throw bad_field("limit", "must be an integer from 1 to " + std::to_string(kMaxLimit));
  return limit;
}

std::optional<std::int64_t> parse_cursor(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  auto id = decode_cursor(*text);
  if (!id) throw bad_field("cursor", "malformed cursor (use next_cursor from the previous page)");
  return id;
}

std::string parse_q(const std::optional<std::string>& text) {
  if (!text) return {};
  if (utf8_length(*text) > kMaxQueryLength)
    throw bad_field("q", "must be at most " + std::to_string(kMaxQueryLength) + " characters");
  return *text;
}

}  // namespace

ListQuery parse_list_query(const berth::Request& request) {
  ListQuery query;
  query.limit = parse_limit(request.query_param("limit"));
  query.before_id = parse_cursor(request.query_param("cursor"));
  query.q = parse_q(request.query_param("q"));
  return query;
}

std::string like_pattern(std::string_view q) {
  std::string pattern = "%";
  for (char c : q) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  return pattern + "%";
}

}  // namespace notes
