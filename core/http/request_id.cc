#include "http/request_id.h"

#include <random>

namespace berth::http {
namespace {

// splitmix64's finaliser: a bijection, so distinct counters give distinct ids, while
// consecutive ids look unrelated in the logs.
std::uint64_t mix(std::uint64_t z) noexcept {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace

RequestIds::RequestIds() {
  std::random_device rd;
  seed_ = (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
}

std::string RequestIds::next() noexcept {
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t v = mix(seed_ + counter_.fetch_add(1, std::memory_order_relaxed));
  std::string id(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) id[static_cast<std::size_t>(i)] = kHex[v & 0xf];
  return id;
}

}  // namespace berth::http
