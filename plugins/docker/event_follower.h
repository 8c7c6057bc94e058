#pragma once
// The service that follows the engine's /events and records container lifecycle events. It runs
// from plugin start to shutdown: while the engine is away it retries every retry_interval; on
// reconnect it resumes at the last recorded instant (event_cursor.h), so an engine restart leaves
// neither a gap nor a duplicate in the record.
#include "engine_link.h"
#include "event_store.h"

#include <atomic>
#include <memory>
#include <stop_token>
#include <string>

namespace docker_plugin {

// The /events query: container events of the lifecycle only (no exec_*, attach, resize, top).
std::string events_path(const std::string& since);

class EventFollower {
 public:
  EventFollower(std::shared_ptr<EngineLink> link, std::shared_ptr<EventStore> store);
  void run(std::stop_token stop);
  // {"following", "recorded", "connects"}
  nlohmann::json status() const;

 private:
  void follow_once(std::stop_token stop);

  std::shared_ptr<EngineLink> link_;
  std::shared_ptr<EventStore> store_;
  std::atomic<bool> following_{false};
  std::atomic<long long> recorded_{0};
  std::atomic<long long> connects_{0};
};

}  // namespace docker_plugin
