#include <berth/docker/log_frames.h>

namespace berth::docker {

std::string_view to_string(StdStream stream) noexcept {
  switch (stream) {
    case StdStream::in: return "stdin";
    case StdStream::out: return "stdout";
    case StdStream::err: return "stderr";
  }
  return "stdout";
}

bool FrameDemuxer::feed(std::string_view bytes, const Sink& sink) {
  constexpr std::size_t kHeader = 8;
  while (!failed_ && !bytes.empty()) {
    if (remaining_ > 0) {
      auto n = bytes.size() < remaining_ ? bytes.size() : std::size_t{remaining_};
      sink(current_, bytes.substr(0, n));
      bytes.remove_prefix(n);
      remaining_ -= static_cast<std::uint32_t>(n);
      continue;
    }
    auto take = kHeader - buffer_.size();
    if (take > bytes.size()) take = bytes.size();
    buffer_.append(bytes.substr(0, take));
    bytes.remove_prefix(take);
    if (buffer_.size() < kHeader) break;
    const auto* h = reinterpret_cast<const unsigned char*>(buffer_.data());
    if (h[0] > 2 || h[1] != 0 || h[2] != 0 || h[3] != 0) {
      failed_ = true;
      break;
    }
    current_ = static_cast<StdStream>(h[0]);
    remaining_ = (std::uint32_t{h[4]} << 24) | (std::uint32_t{h[5]} << 16) |
                 (std::uint32_t{h[6]} << 8) | std::uint32_t{h[7]};
    buffer_.clear();
  }
  return !failed_;
}

}  // namespace berth::docker
