#pragma once
// How deeply a JSON text nests. nlohmann::json parses any depth, but copying, dumping and
// destroying a value recurse once per level, so text from outside is checked before it is parsed.
#include <cstddef>
#include <string_view>

namespace berth {

// The server.max_json_depth default: far above what real payloads use.
inline constexpr std::size_t kDefaultMaxJsonDepth = 64;
// The highest server.max_json_depth accepted, and the bound on JSON the host reads back from its
// own database: a value this deep still copies and dumps well within a thread's stack.
inline constexpr std::size_t kMaxJsonDepthCeiling = 1000;

// True when `text` opens more than `limit` arrays or objects inside one another. One pass, brackets
// inside strings skipped; for text that is not JSON the answer is meaningless but the parse fails.
inline bool json_nests_deeper_than(std::string_view text, std::size_t limit) noexcept {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

}  // namespace berth
