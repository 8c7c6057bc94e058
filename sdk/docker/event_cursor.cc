#include <berth/docker/event_cursor.h>

#include <cstdio>

namespace berth::docker {
namespace {

const nlohmann::json* string_at(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() && !it->get_ref<const std::string&>().empty()
             ? &*it
             : nullptr;
}

}  // namespace

std::optional<EventKey> event_key(const nlohmann::json& event) {
  if (!event.is_object()) return std::nullopt;
  auto time = event.find("timeNano");
  if (time == event.end() || !time->is_number_integer()) return std::nullopt;
  const nlohmann::json* id = nullptr;
  if (auto actor = event.find("Actor"); actor != event.end() && actor->is_object())
    id = string_at(*actor, "ID");
  if (!id) id = string_at(event, "id");
  if (!id) return std::nullopt;
  const nlohmann::json* action = string_at(event, "Action");
  if (!action) action = string_at(event, "status");
  return EventKey{time->get<std::int64_t>(), id->get<std::string>(),
                  action ? action->get<std::string>() : std::string()};
}

std::string engine_timestamp(std::int64_t time_nano) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%lld.%09lld", static_cast<long long>(time_nano / 1'000'000'000),
                static_cast<long long>(time_nano % 1'000'000'000));
  return buf;
}

EventCursor::EventCursor(std::int64_t last_time_nano, std::set<EventKey> at_last)
    : last_(last_time_nano), at_last_(std::move(at_last)) {}

std::string EventCursor::since() const {
  return last_ ? engine_timestamp(*last_) : std::string();
}

bool EventCursor::is_new(const EventKey& key) const {
  if (!last_ || key.time_nano > *last_) return true;
  if (key.time_nano < *last_) return false;
  return !at_last_.count(key);
}

void EventCursor::advance(const EventKey& key) {
  if (!last_ || key.time_nano > *last_) {
    last_ = key.time_nano;
    at_last_.clear();
  }
  if (key.time_nano == *last_) at_last_.insert(key);
}

}  // namespace berth::docker
