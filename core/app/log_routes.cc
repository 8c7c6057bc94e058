#include "app/log_routes.h"

#include "app/berth_schemas.h"
#include "app/host_route.h"
#include "app/long_polls.h"
#include "app/query_params.h"
#include "log/logger.h"
#include "log/utc_time.h"
#include "routing/route_pattern.h"

#include <berth/guard.h>
#include <berth/http_error.h>

#include <chrono>
#include <cstdint>

namespace berth::app {
namespace {

constexpr int kMaxLimit = 1000;
constexpr int kDefaultLimit = 200;

// The request lines of the log route itself: a viewer following the log would otherwise read its
// own polls, and each answer would log the line that answers the next poll, without end.
bool own_poll(const log::RingLine& line) {
  return line.msg == "request" && line.plugin == "berth" &&
         (line.fields.find(R"("uri":"/_berth/logs")") != std::string::npos ||
          line.fields.find(R"("uri":"/_berth/logs?)") != std::string::npos);
}

nlohmann::json line_json(const log::RingLine& line) {
  auto fields = nlohmann::json::parse(line.fields, nullptr, false);
  return {{"seq", line.seq},
          {"time", log::utc_timestamp(line.time)},
          {"level", log::to_string(line.level)},
          {"msg", line.msg},
          {"plugin", line.plugin.empty() ? nlohmann::json(nullptr) : nlohmann::json(line.plugin)},
          {"fields", fields.is_object() ? fields : nlohmann::json::object()}};
}

Response page_response(const log::RingPage& page) {
  nlohmann::json lines = nlohmann::json::array();
  for (const auto& line : page.lines) lines.push_back(line_json(line));
  return Response::json({{"lines", std::move(lines)},
                         {"next", page.next},
                         {"first_seq", page.first_seq},
                         {"dropped", page.dropped}});
}

log::RingQuery parse_query(const Request& request) {
  log::RingQuery query;
  if (auto after = integer_param(request, "after", 0, INT64_MAX))
    query.after = static_cast<std::uint64_t>(*after);
  if (auto level = request.query_param("level")) {
    auto parsed = log::parse_level(*level);
    if (!parsed)
      throw HttpError(400, "level: expected debug, info, warn or error, got '" + *level + "'",
                      {{"field", "level"}});
    query.min_level = *parsed;
  }
  query.plugin = request.query_param("plugin").value_or("");
  query.limit = static_cast<std::size_t>(
      integer_param(request, "limit", 1, kMaxLimit).value_or(kDefaultLimit));
  query.hide = own_poll;
  return query;
}

// Answers at once when there are lines (or no `wait`); else when a wanted line is logged, or
// after `wait` seconds with none. No thread waits: the ring's thread answers.
void read_logs(log::LogRing& ring, LongPolls& polls, Request& request,
               std::function<void(Response)> respond) {
  try {
    log::RingQuery query = parse_query(request);
    auto wait = integer_param(request, "wait", 0, kMaxLongPollSeconds);
    log::RingPage page = ring.read(query);
    if (!page.lines.empty() || !wait || *wait == 0 || polls.closing())
      return respond(page_response(page));
    query.after = page.next;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(*wait);
    auto tracked =
        polls.track(std::move(respond), [&ring, query] { return page_response(ring.read(query)); });
    ring.when_lines(std::move(query), deadline,
                    [tracked](log::RingPage later) { tracked(page_response(later)); });
  } catch (...) {
    respond(detail::response_for_current_exception());
  }
}

}  // namespace

std::vector<routing::Route> builtin_log_routes(log::LogRing& ring, LongPolls& polls) {
  routing::Route r = host_route(
      Method::get, "/_berth/logs",
      {.summary = "The host's last log lines, numbered; with wait, answers once a new one is "
                  "logged (long poll). Poll with after=next.",
       .name = "getLogs",
       .tags = {"logs"},
       .query_schema = schemas::log_query(),
       .responses = {{200, schemas::log_page()}, {400, schemas::error()}}});
  r.deferred = [&ring, &polls](Request& request, std::function<void(Response)> respond) {
    read_logs(ring, polls, request, std::move(respond));
  };
  std::vector<routing::Route> routes;
  routes.push_back(std::move(r));
  return routes;
}

}  // namespace berth::app
