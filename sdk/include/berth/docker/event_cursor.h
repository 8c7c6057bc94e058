#pragma once
// Resuming the engine's /events after a disconnect without a gap or a duplicate. The engine's
// `since` is inclusive and events carry `timeNano`, so a follower resumes at the last recorded
// event's timeNano exactly and skips what it already has at that instant; events before it were
// delivered (in order) before it.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <tuple>

namespace berth::docker {

struct EventKey {
  std::int64_t time_nano = 0;
  std::string id;
  std::string action;
  auto operator<=>(const EventKey&) const = default;
};

// From one /events JSON object: timeNano, Actor.ID (else `id`), Action (else `status`).
// nullopt when timeNano or the id is missing.
std::optional<EventKey> event_key(const nlohmann::json& event);

// "<seconds>.<nanoseconds>" (nine digits), the form /events takes for `since` and `until`.
std::string engine_timestamp(std::int64_t time_nano);

class EventCursor {
 public:
  // Nothing recorded yet: follow from now.
  EventCursor() = default;
  // Restored from a record: the newest timeNano and every key recorded at that instant.
  EventCursor(std::int64_t last_time_nano, std::set<EventKey> at_last);

  // The `since` to resume with; empty when nothing was recorded.
  std::string since() const;
  // True when `key` is not yet recorded: newer than the boundary, or at it and not seen.
  bool is_new(const EventKey& key) const;
  // Records `key` as recorded (call after it is stored).
  void advance(const EventKey& key);
  std::optional<std::int64_t> last_time_nano() const { return last_; }

 private:
  std::optional<std::int64_t> last_;
  std::set<EventKey> at_last_;
};

}  // namespace berth::docker
