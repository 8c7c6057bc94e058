#pragma once
// A number that changes when a file under the UI root changes (written, added, removed), for the
// page to reload itself: the injected client polls GET /__berth/ui-version. The root is scanned
// when asked, at most every `interval`: nothing runs while no page is open.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace berth::app::dev {

class UiVersion {
 public:
  explicit UiVersion(std::string root,
                     std::chrono::milliseconds interval = std::chrono::milliseconds(250));

  std::uint64_t current();

 private:
  // Paths, sizes and modification times of the files under the root, hashed.
  std::uint64_t fingerprint() const;

  const std::string root_;
  const std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point scanned_{};
  std::uint64_t fingerprint_ = 0;
  std::uint64_t version_ = 1;
};

}  // namespace berth::app::dev
