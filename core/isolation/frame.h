#pragma once
// The frames host and plugin child exchange over their socketpair: a fixed header (magic,
// protocol version, type, call id, body length, all little-endian) and a body of that length.
// Either side may be hostile or cut off mid-frame (a crash), so decoding checks every field
// before trusting it and never reads past what arrived.
#include "base/expected.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace berth::isolation {

inline constexpr std::uint32_t kFrameMagic = 0x48545242;  // "BRTH"
inline constexpr std::uint16_t kProtocolVersion = 1;
inline constexpr std::size_t kFrameHeaderBytes = 4 + 2 + 2 + 8 + 4;
// Far above any request the HTTP layer accepts, far below what would exhaust memory.
inline constexpr std::uint32_t kMaxFrameBody = 256u * 1024 * 1024;

// One exchange of the plugin lifecycle each; a child's answer has the id of the host's frame.
enum class FrameType : std::uint16_t {
  start = 1,       // host: the entry and where to run (JSON)
  opened = 2,      // child: library checked; its descriptor (JSON)
  register_ = 3,   // host: run the register function
  registered = 4,  // child: its routes and hooks (JSON)
  activate = 5,    // host: the registration serves
  request = 6,     // host: one HTTP request (request_codec.h)
  response = 7,    // child: its answer
  config = 8,      // host: a new config section (JSON) for on_config
  configured = 9,  // child: "" applied, else why not
  stop = 10,       // host: run the stop hooks (or undo a registration never activated), exit
  stopped = 11,    // child: done
  failed = 12,     // child: what the host asked could not be done (text)
};

struct Frame {
  FrameType type = FrameType::failed;
  std::uint64_t id = 0;
  std::string body;
};

std::string encode_frame(const Frame& frame);

// Bytes in, frames out, across any split of the stream.
class FrameDecoder {
 public:
  void feed(std::string_view bytes) { buffer_.append(bytes); }
  // The next whole frame, nullopt until one has arrived, or why the stream is not one of ours
  // (the stream is then unusable: nothing after a bad header can be trusted).
  Expected<std::optional<Frame>> next();
  // Bytes received that are not a whole frame yet: non-zero at end of stream means it was cut.
  std::size_t pending() const noexcept { return buffer_.size() - consumed_; }

 private:
  std::string buffer_;
  std::size_t consumed_ = 0;
};

}  // namespace berth::isolation
