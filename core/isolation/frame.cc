#include "isolation/frame.h"

namespace berth::isolation {
namespace {

template <class T>
void put(std::string& out, T value) {
  for (std::size_t i = 0; i < sizeof(T); ++i)
    out.push_back(static_cast<char>((static_cast<std::uint64_t>(value) >> (8 * i)) & 0xff));
}

template <class T>
T get(const char* at) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < sizeof(T); ++i)
    value |= static_cast<std::uint64_t>(static_cast<unsigned char>(at[i])) << (8 * i);
  return static_cast<T>(value);
}

bool known(std::uint16_t type) {
  return type >= static_cast<std::uint16_t>(FrameType::start) &&
         type <= static_cast<std::uint16_t>(FrameType::failed);
}

}  // namespace

std::string encode_frame(const Frame& frame) {
  std::string out;
  out.reserve(kFrameHeaderBytes + frame.body.size());
  put(out, kFrameMagic);
  put(out, kProtocolVersion);
  put(out, static_cast<std::uint16_t>(frame.type));
  put(out, frame.id);
  put(out, static_cast<std::uint32_t>(frame.body.size()));
  out += frame.body;
  return out;
}

Expected<std::optional<Frame>> FrameDecoder::next() {
  if (pending() < kFrameHeaderBytes) return std::optional<Frame>();
  const char* header = buffer_.data() + consumed_;
  if (get<std::uint32_t>(header) != kFrameMagic)
    return unexpected(std::string("not a berth frame (bad magic)"));
  if (const auto version = get<std::uint16_t>(header + 4); version != kProtocolVersion)
    return unexpected("frame of protocol version " + std::to_string(version) + ", expected " +
                      std::to_string(kProtocolVersion));
  const auto type = get<std::uint16_t>(header + 6);
  if (!known(type)) return unexpected("unknown frame type " + std::to_string(type));
  const auto length = get<std::uint32_t>(header + 16);
  if (length > kMaxFrameBody)
    return unexpected("frame body of " + std::to_string(length) + " bytes, more than the " +
                      std::to_string(kMaxFrameBody) + " allowed");
  if (pending() < kFrameHeaderBytes + length) return std::optional<Frame>();
  Frame frame;
  frame.type = static_cast<FrameType>(type);
  frame.id = get<std::uint64_t>(header + 8);
  frame.body.assign(header + kFrameHeaderBytes, length);
  consumed_ += kFrameHeaderBytes + length;
  // Compacts once the consumed part dominates, so a long stream does not grow the buffer.
  if (consumed_ > 64 * 1024 && consumed_ * 2 > buffer_.size()) {
    buffer_.erase(0, consumed_);
    consumed_ = 0;
  }
  return std::optional<Frame>(std::move(frame));
}

}  // namespace berth::isolation
