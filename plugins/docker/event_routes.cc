#include "event_routes.h"

#include "container_view.h"
#include "docker_schemas.h"

#include <berth/error_schema.h>
#include <berth/http.h>

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
  if (auto after = request.query_param("after")) {
    if (!is_digits(*after, 18))
      throw berth::HttpError(400, "after: expected the seq of an event", {{"field", "after"}});
    q.after_seq = std::stoll(*after);
  }
  if (auto limit = request.query_param("limit")) {
    if (!is_digits(*limit, 18) || std::stoll(*limit) < 1 || std::stoll(*limit) > 10000)
      throw berth::HttpError(400, "limit: expected 1 to 10000", {{"field", "limit"}});
    q.limit = static_cast<int>(std::stoll(*limit));
  }
  if (auto container = request.query_param("container"))
    q.container = checked_container_ref(*container);
  return q;
}

void add_event_routes(berth::Routes& routes, std::shared_ptr<EventStore> store,
                      std::shared_ptr<EventFollower> follower, const Settings& settings) {
  routes.get("/events",
             [store, follower](berth::Request& request) {
               auto q = parse_event_query(request);
               auto page = store->list(q);
               page["following"] = follower->status()["following"];
               return page;
             },
             {.summary = "Container lifecycle events the plugin recorded, oldest first",
              .description = "Poll with after=<last_seq>; the record has no gap across an "
                             "engine restart",
              .name = "events",
              .query_schema = events_query_schema(settings),
              .responses = {{200, events_schema()}, {400, berth::error_schema()}}});
}

}  // namespace docker_plugin
