#include "event_store.h"

#include "container_view.h"

#include <algorithm>
#include <ctime>
#include <limits>

namespace docker_plugin {
namespace {

nlohmann::json row_to_event(const berth::Row& row) {
  auto attributes = nlohmann::json::parse(row["attributes"].get<std::string>(), nullptr, false);
  if (!attributes.is_object()) attributes = nlohmann::json::object();
  nlohmann::json exit_code = nullptr;
  if (auto it = attributes.find("exitCode"); it != attributes.end() && it->is_string()) {
    try {
      exit_code = std::stoi(it->get<std::string>());
    } catch (const std::exception&) {
    }
  }
  const std::int64_t t = row["time_nano"];
  return {{"seq", row["seq"]},       {"time", rfc3339_nano(t)},   {"time_nano", t},
          {"action", row["action"]}, {"id", row["container_id"]}, {"name", row["name"]},
          {"image", row["image"]},   {"exit_code", exit_code},    {"attributes", attributes}};
}

}  // namespace

// <1 to 11 digits>[.<1 to 9 digits>]
std::optional<std::int64_t> parse_engine_time(const std::string& text) {
  const auto dot = text.find('.');
  const std::string_view whole = std::string_view(text).substr(0, dot);
  if (!is_digits(whole, 11)) return std::nullopt;
  std::int64_t nanos = 0;
  if (dot != std::string::npos) {
    std::string frac = text.substr(dot + 1);
    if (!is_digits(frac, 9)) return std::nullopt;
    frac.resize(9, '0');
    nanos = std::stoll(frac);
  }
  // Nanoseconds since 1970 in an int64 reach the year 2262: later is not an engine's time.
  const std::int64_t seconds = std::stoll(std::string(whole));
  if (seconds > std::numeric_limits<std::int64_t>::max() / 1'000'000'000 - 1) return std::nullopt;
  return seconds * 1'000'000'000 + nanos;
}

std::string rfc3339_nano(std::int64_t time_nano) {
  std::time_t seconds = static_cast<std::time_t>(time_nano / 1'000'000'000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%09lldZ", date,
                static_cast<long long>(time_nano % 1'000'000'000));
  return out;
}

EventStore::EventStore(berth::Storage& storage, int max_rows)
    : storage_(storage), max_rows_(max_rows) {}

berth::docker::EventCursor EventStore::cursor() {
  return storage_.read([](berth::Db& db) {
    auto last = db.query_one("SELECT MAX(time_nano) AS t FROM events");
    if (!last || (*last)["t"].is_null()) return berth::docker::EventCursor();
    const std::int64_t t = (*last)["t"];
    std::set<berth::docker::EventKey> at_last;
    for (const auto& row :
         db.query("SELECT container_id, action FROM events WHERE time_nano = ?", {t}))
      at_last.insert({t, row["container_id"], row["action"]});
    return berth::docker::EventCursor(t, std::move(at_last));
  });
}

bool EventStore::record(const berth::docker::EventKey& key, const nlohmann::json& event) {
  const auto attributes = event.value("/Actor/Attributes"_json_pointer, nlohmann::json::object());
  const std::string name = attributes.is_object() ? attributes.value("name", "") : "";
  std::string image = attributes.is_object() ? attributes.value("image", "") : "";
  if (image.empty()) image = event.value("from", "");
  return storage_.write([&](berth::Db& db) {
    auto inserted = db.exec(
        "INSERT OR IGNORE INTO events(time_nano, action, container_id, name, image, attributes)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        {static_cast<long long>(key.time_nano), key.action, key.id, name, image,
         attributes.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)});
    if (inserted == 0) return false;
    db.exec(
        "DELETE FROM events WHERE seq < (SELECT seq FROM events ORDER BY seq DESC LIMIT 1 OFFSET "
        "?)",
        {max_rows_ - 1});
    return true;
  });
}

nlohmann::json EventStore::list(const EventQuery& q) {
  return storage_.read([&](berth::Db& db) {
    std::string sql =
        "SELECT seq, time_nano, action, container_id, name, image, attributes FROM events WHERE 1";
    berth::Params params;
    if (q.since_nano) {
      sql += " AND time_nano >= ?";
      params.emplace_back(static_cast<long long>(*q.since_nano));
    }
    if (q.after_seq) {
      sql += " AND seq > ?";
      params.emplace_back(static_cast<long long>(*q.after_seq));
    }
    if (q.container) {
      sql += " AND (container_id = ? OR name = ?)";
      params.emplace_back(*q.container);
      params.emplace_back(*q.container);
    }
    sql += " ORDER BY seq LIMIT ?";
    params.emplace_back(q.limit);
    nlohmann::json events = nlohmann::json::array();
    for (const auto& row : db.query(sql, params)) events.push_back(row_to_event(row));
    auto bounds = db.query_one("SELECT MIN(seq) AS oldest, MAX(seq) AS newest FROM events");
    const auto oldest = (*bounds)["oldest"];
    const bool dropped =
        q.after_seq && oldest.is_number() && oldest.get<long long>() > *q.after_seq + 1;
    // With nothing new the cursor moves to the newest row: everything up to it was looked at.
    long long last = q.after_seq.value_or(0);
    if (!events.empty())
      last = events.back()["seq"];
    else if ((*bounds)["newest"].is_number())
      last = std::max(last, (*bounds)["newest"].get<long long>());
    return nlohmann::json{{"events", events},
                          {"last_seq", last},
                          {"oldest_seq", oldest},
                          {"newest_seq", (*bounds)["newest"]},
                          {"dropped", dropped}};
  });
}

}  // namespace docker_plugin
