#include "app/dev/dev_events.h"

#include "log/logger.h"

namespace berth::app::dev {

void DevEvents::add(nlohmann::json event) {
  {
    std::lock_guard lock(mutex_);
    event["seq"] = next_seq_++;
    events_.push_back(event);
    while (events_.size() > capacity_) events_.pop_front();
  }
  log::info("berth dev: page event", event);
}

nlohmann::json DevEvents::list(std::uint64_t after) const {
  nlohmann::json out = nlohmann::json::array();
  std::lock_guard lock(mutex_);
  for (const auto& e : events_)
    if (e["seq"].get<std::uint64_t>() > after) out.push_back(e);
  return {{"events", std::move(out)}};
}

}  // namespace berth::app::dev
