#include "event_routes.h"

#include "container_view.h"

#include <berth/http.h>

#include <regex>

namespace docker_plugin {

EventQuery parse_event_query(const berth::Request& request) {
  EventQuery q;
  if (auto since = request.query_param("since")) {
    q.since_nano = parse_engine_time(*since);
    if (!q.since_nano)
      throw berth::HttpError(400,
                             "since: expected Unix time in seconds, optionally with a fraction "
                             "(1700000000 or 1700000000.123456789)",
                             {{"field", "since"}});
  }
  static const std::regex kDigits("[0-9]{1,18}");
  if (auto after = request.query_param("after")) {
    if (!std::regex_match(*after, kDigits))
      throw berth::HttpError(400, "after: expected the seq of an event", {{"field", "after"}});
    q.after_seq = std::stoll(*after);
  }
  if (auto limit = request.query_param("limit")) {
    if (!std::regex_match(*limit, kDigits) || std::stoll(*limit) < 1 || std::stoll(*limit) > 10000)
      throw berth::HttpError(400, "limit: expected 1 to 10000", {{"field", "limit"}});
    q.limit = static_cast<int>(std::stoll(*limit));
  }
  if (auto container = request.query_param("container"))
    q.container = checked_container_ref(*container);
  return q;
}

void add_event_routes(berth::Routes& routes, std::shared_ptr<EventStore> store,
                      std::shared_ptr<EventFollower> follower) {
  routes.get("/events", [store, follower](berth::Request& request) {
    auto q = parse_event_query(request);
    auto page = store->list(q);
    page["following"] = follower->status()["following"];
    return page;
  });
}

}  // namespace docker_plugin
