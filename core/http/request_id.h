#pragma once
// Request ids: 16 hex characters, unique within a process, unpredictable across runs.
#include <atomic>
#include <cstdint>
#include <string>

namespace berth::http {

class RequestIds {
 public:
  RequestIds();
  std::string next() noexcept;

 private:
  std::uint64_t seed_;
  std::atomic<std::uint64_t> counter_{0};
};

}  // namespace berth::http
