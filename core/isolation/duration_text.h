#pragma once
#include <chrono>
#include <string>

namespace berth::isolation {

// "30 s", "1500 ms": a duration as the host's messages about children write it.
inline std::string duration_text(std::chrono::milliseconds d) {
  if (d.count() % 1000 == 0) return std::to_string(d.count() / 1000) + " s";
  return std::to_string(d.count()) + " ms";
}

}  // namespace berth::isolation
