#pragma once
// The engine's multiplexed stream (container logs and attach without a TTY): frames of an 8-byte
// header — stream (0 stdin, 1 stdout, 2 stderr), three zero bytes, payload size big-endian — then
// the payload. Bytes arrive in arbitrary chunks, so a header or payload may be split anywhere.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace berth::docker {

enum class StdStream : std::uint8_t { in = 0, out = 1, err = 2 };

// "stdin", "stdout", "stderr".
std::string_view to_string(StdStream stream) noexcept;

class FrameDemuxer {
 public:
  using Sink = std::function<void(StdStream stream, std::string_view payload)>;

  // Calls `sink` for every complete payload piece. Returns false, and stays failed, when a header
  // is not a frame header (a TTY container's raw stream is not framed: don't demux it).
  bool feed(std::string_view bytes, const Sink& sink);
  // True when the stream ended inside a frame (truncated).
  bool incomplete() const noexcept { return !buffer_.empty() || remaining_ > 0; }
  bool failed() const noexcept { return failed_; }

 private:
  std::string buffer_;  // a partial header
  std::uint32_t remaining_ = 0;
  StdStream current_ = StdStream::out;
  bool failed_ = false;
};

}  // namespace berth::docker
