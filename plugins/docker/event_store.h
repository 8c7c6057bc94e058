#pragma once
// The plugin's record of container lifecycle events, newest `max_rows` kept, so that a frontend
// that was closed can ask what happened meanwhile.
#include <berth/docker/event_cursor.h>
#include <berth/storage.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace docker_plugin {

struct EventQuery {
  std::optional<std::int64_t> since_nano;  // events at or after this engine time
  std::optional<std::int64_t> after_seq;   // events recorded after this one (a client's cursor)
  std::optional<std::string> container;    // full id or name
  int limit = 1000;
};

class EventStore {
 public:
  EventStore(berth::Storage& storage, int max_rows);

  // Where the record ends: the newest timeNano and the events recorded at it.
  berth::docker::EventCursor cursor();
  // Records one /events object; one already recorded is ignored (false). Drops the oldest rows
  // beyond max_rows in the same transaction. Throws berth::StorageError.
  bool record(const berth::docker::EventKey& key, const nlohmann::json& event);
  // {"events": [...oldest first], "last_seq", "oldest_seq", "dropped"}; `dropped` is true when
  // rows after `after_seq` were already dropped by the bound.
  nlohmann::json list(const EventQuery& query);

 private:
  berth::Storage& storage_;
  const int max_rows_;
};

// engine-style time ("1700000000", "1700000000.5", "1700000000.000000001") -> nanoseconds.
std::optional<std::int64_t> parse_engine_time(const std::string& text);
// 1700000000000000001 -> "2023-11-14T22:13:20.000000001Z"
std::string rfc3339_nano(std::int64_t time_nano);

}  // namespace docker_plugin
