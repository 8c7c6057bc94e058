#pragma once
// One frame of the engine's multiplexed log stream: stream byte, three zero bytes, big-endian size.
#include <cstdint>
#include <string>

inline std::string log_frame(int stream, const std::string& payload) {
  std::string frame(8, '\0');
  frame[0] = static_cast<char>(stream);
  const auto n = static_cast<std::uint32_t>(payload.size());
  frame[4] = static_cast<char>(n >> 24);
  frame[5] = static_cast<char>(n >> 16);
  frame[6] = static_cast<char>(n >> 8);
  frame[7] = static_cast<char>(n);
  return frame + payload;
}
