#pragma once
// What the page asked Docker Desktop to do that berth dev cannot do for it (desktopUI.navigate.*,
// host.openExternal) or shows itself (toasts): logged, and kept for GET /__berth/events so that
// tests and the developer can see them. The last `capacity` are kept.
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>

namespace berth::app::dev {

class DevEvents {
 public:
  explicit DevEvents(std::size_t capacity = 1000) : capacity_(capacity) {}

  // `event` is an object with a string "kind"; it gets a "seq" (1, 2, ...) and is logged.
  void add(nlohmann::json event);
  // {"events": [...]} oldest first, those with seq > after.
  nlohmann::json list(std::uint64_t after = 0) const;

 private:
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::deque<nlohmann::json> events_;
  std::uint64_t next_seq_ = 1;
};

}  // namespace berth::app::dev
