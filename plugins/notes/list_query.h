#pragma once
// GET /notes?limit=&cursor=&q= : the query parameters, checked, and the search pattern.
#include <berth/request.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace notes {

inline constexpr int kDefaultLimit = 50;
inline constexpr int kMaxLimit = 200;
// LIKE patterns cost time in proportion to their length (and SQLite caps them at 50000 bytes).
inline constexpr std::size_t kMaxQueryLength = 500;

struct ListQuery {
  int limit = kDefaultLimit;
  std::optional<std::int64_t> before_id = {};  // from the cursor: only ids below it
  std::string q = {};                          // empty: no search
};

// Throws 400 naming `limit`, `cursor` or `q`. A parameter given twice uses its first value; an
// empty value is malformed, not absent.
ListQuery parse_list_query(const berth::Request& request);

// `%q%` with LIKE's metacharacters escaped for `ESCAPE '\'`, so q matches literally.
std::string like_pattern(std::string_view q);

}  // namespace notes
