#pragma once
// How config messages quote what the user wrote: 'value'.
#include <string>
#include <string_view>

namespace berth::config {

inline std::string quote(std::string_view text) {
  std::string quoted;
  quoted.reserve(text.size() + 2);
  quoted += '\'';
  quoted += text;
  quoted += '\'';
  return quoted;
}

}  // namespace berth::config
