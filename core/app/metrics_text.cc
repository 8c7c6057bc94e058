#include "app/metrics_text.h"

#include "app/host_route.h"

#include "log/logger.h"
#include "metrics/families.h"
#include "storage/database_counters.h"

#include <berth/version.h>

#include <array>
#include <map>
#include <string_view>

namespace berth::app {
namespace {

using metrics::Families;
using metrics::Labels;

constexpr double kNsToSeconds = 1e-9;
constexpr double kMsToSeconds = 1e-3;
constexpr std::array<std::string_view, 5> kStatusClasses = {"1xx", "2xx", "3xx", "4xx", "5xx"};
// Always present, so that a rate or an alert over them has a series before the first one.
constexpr std::array<int, 5> kRejectionStatuses = {400, 408, 413, 431, 503};

double value(std::uint64_t n) {
  return static_cast<double>(n);
}

Labels route_labels(const routing::RouteSeries& s) {
  return {{"plugin", s.owner}, {"method", std::string(to_string(s.method))}, {"route", s.pattern}};
}

void route_families(Families& f, const std::vector<routing::RouteSeries>& series,
                    const routing::StatusClassCounts& unmatched) {
  f.counter("berth_http_requests_total",
            "Requests answered, by plugin, route pattern and status class.");
  for (const auto& s : series) {
    for (std::size_t c = 0; c < kStatusClasses.size(); ++c) {
      const auto n = s.metrics->responses.counts[c].load(std::memory_order_relaxed);
      if (n == 0 && c != 1) continue;  // 2xx always: the route exists
      Labels labels = route_labels(s);
      labels.push_back({"code", std::string(kStatusClasses[c])});
      f.sample(std::move(labels), value(n));
    }
  }
  f.histogram("berth_http_request_duration_seconds",
              "Time from the request's dispatch to its answer (a long poll's wait included).");
  for (const auto& s : series)
    f.sample(route_labels(s), s.metrics->latency.snapshot(), kNsToSeconds);
  f.gauge("berth_http_requests_in_flight", "Requests dispatched to a route and not yet answered.");
  for (const auto& s : series)
    f.sample(route_labels(s), static_cast<double>(s.metrics->in_flight.load()));
  f.counter("berth_http_handler_exceptions_total",
            "Handlers that threw something other than an HttpError (answered 500).");
  for (const auto& s : series) f.sample(route_labels(s), value(s.metrics->exceptions.load()));
  f.counter("berth_http_unmatched_requests_total",
            "Requests that matched no route (404, 405, a plugin not running), by status class.");
  for (std::size_t c = 0; c < kStatusClasses.size(); ++c)
    if (auto n = unmatched.counts[c].load(std::memory_order_relaxed); n || c == 3)
      f.sample({{"code", std::string(kStatusClasses[c])}}, value(n));
}

void server_families(Families& f, const http::ServerStats& s) {
  f.gauge("berth_http_connections_open", "Client connections open now.")
      .sample({}, value(s.connections_open));
  f.counter("berth_http_connections_accepted_total", "Client connections accepted.")
      .sample({}, value(s.connections_accepted));
  f.counter("berth_http_keepalive_requests_total",
            "Requests on a connection that had carried one before (keep-alive reuse).")
      .sample({}, value(s.keepalive_requests));
  f.counter("berth_http_server_rejections_total",
            "Requests the server answered itself, by status: malformed (400), too slow (408), too "
            "large (413, 431), no worker free (503), unsupported (501, 505).");
  std::map<int, std::uint64_t> by_status;
  for (int status : kRejectionStatuses) by_status[status] = 0;
  for (const auto& [status, n] : s.rejected) by_status[status] = n;
  for (const auto& [status, n] : by_status) f.sample({{"code", std::to_string(status)}}, value(n));
}

void job_families(Families& f, tasks::TaskHost& tasks) {
  const auto jobs = tasks.job_counts();
  f.counter("berth_jobs_finished_total", "Jobs that reached a final state, by plugin, job, state.");
  for (const auto& t : jobs.types)
    for (const auto& [state, n] : t.finished)
      f.sample({{"plugin", t.plugin}, {"job", t.name}, {"state", std::string(to_string(state))}},
               value(n));
  f.histogram("berth_job_duration_seconds", "Run time of finished jobs, from their start.");
  for (const auto& t : jobs.types)
    f.sample({{"plugin", t.plugin}, {"job", t.name}}, t.duration_ms, kMsToSeconds);
  f.gauge("berth_jobs_queued", "Jobs waiting for a worker.").sample({}, value(tasks.queued_jobs()));
  f.counter("berth_jobs_queue_full_total", "Job starts refused because the queue was full.")
      .sample({}, value(jobs.queue_full));

  const nlohmann::json status = tasks.task_status();
  auto each = [&status](std::string_view kind, auto&& add) {
    for (const auto& t : status)
      if (t.value("kind", "") == kind)
        add(Labels{{"plugin", t.value("plugin", "")}, {"task", t.value("name", "")}}, t);
  };
  f.counter("berth_periodic_runs_total", "Finished runs of periodic tasks.");
  each("periodic",
       [&f](Labels l, const nlohmann::json& t) { f.sample(std::move(l), t.value("runs", 0.0)); });
  f.counter("berth_periodic_failures_total", "Runs of periodic tasks that failed.");
  each("periodic", [&f](Labels l, const nlohmann::json& t) {
    f.sample(std::move(l), t.value("failures", 0.0));
  });
  f.counter("berth_periodic_skipped_ticks_total",
            "Ticks of periodic tasks skipped because the previous run had not finished.");
  each("periodic", [&f](Labels l, const nlohmann::json& t) {
    f.sample(std::move(l), t.value("skipped_ticks", 0.0));
  });
  f.counter("berth_service_restarts_total", "Restarts of services after they failed.");
  each("service", [&f](Labels l, const nlohmann::json& t) {
    const double starts = t.value("runs", 0.0);
    f.sample(std::move(l), starts > 0 ? starts - 1 : 0);
  });
}

void storage_families(Families& f, const std::map<std::string, storage::Database::Stats>& dbs) {
  f.counter("berth_storage_writes_total", "Writes run by the database's writer.");
  for (const auto& [plugin, s] : dbs) f.sample({{"plugin", plugin}}, value(s.writes));
  f.counter("berth_storage_write_batches_total", "Group commits the writes ran in.");
  for (const auto& [plugin, s] : dbs) f.sample({{"plugin", plugin}}, value(s.batches));
  f.histogram("berth_storage_batch_writes", "Writes per group commit.");
  for (const auto& [plugin, s] : dbs) f.sample({{"plugin", plugin}}, s.batch_size);
  f.histogram("berth_storage_commit_duration_seconds", "COMMIT of a group, with its fsync.");
  for (const auto& [plugin, s] : dbs) f.sample({{"plugin", plugin}}, s.commit_ns, kNsToSeconds);
  f.counter("berth_storage_busy_retries_total",
            "Waits for a lock another connection held (another process on the file).");
  for (const auto& [plugin, s] : dbs) f.sample({{"plugin", plugin}}, value(s.busy_retries));
  f.counter("berth_storage_failed_writes_total", "Writes rolled back.");
  for (const auto& [plugin, s] : dbs) f.sample({{"plugin", plugin}}, value(s.failed_writes));
}

void host_families(Families& f, const plugins::PluginManager& plugins,
                   const ConfigReloader* reloader) {
  const auto lines = log::line_counts();
  f.counter("berth_log_lines_total", "Log lines written, by level.");
  for (LogLevel level : {LogLevel::debug, LogLevel::info, LogLevel::warn, LogLevel::error})
    f.sample({{"level", std::string(log::to_string(level))}},
             value(lines.logged[static_cast<std::size_t>(level)]));
  f.counter("berth_log_lines_dropped_total", "Log lines dropped because stdout was blocked.")
      .sample({}, value(lines.dropped));

  const ReloadCounts reloads = reloader ? reloader->counts() : ReloadCounts{};
  f.counter("berth_config_reloads_total",
            "Config reloads: applied, partial (a plugin change failed), rejected (invalid file).")
      .sample({{"outcome", "applied"}}, value(reloads.applied))
      .sample({{"outcome", "partial"}}, value(reloads.partial))
      .sample({{"outcome", "rejected"}}, value(reloads.rejected));

  const std::vector<plugins::PluginStatus> statuses = plugins.statuses();
  f.gauge("berth_plugin_state", "1 for each plugin's current state, 0 for the others.");
  for (const auto& s : statuses)
    for (auto state : {plugins::PluginState::starting, plugins::PluginState::disabled,
                       plugins::PluginState::failed, plugins::PluginState::running,
                       plugins::PluginState::stopped})
      f.sample({{"plugin", s.name}, {"state", std::string(plugins::to_string(state))}},
               plugins::visible_state(s) == state ? 1 : 0);
  // isolation: process. A reload or swap starts a new child record: these count its children.
  std::vector<std::pair<std::string, nlohmann::json>> children;
  for (const auto& s : statuses)
    if (s.child) children.emplace_back(s.name, s.child->to_json());
  f.counter("berth_plugin_child_crashes_total",
            "Ends of an isolated plugin's child it did not ask for: signals, exits, the watchdog.");
  for (const auto& [plugin, child] : children)
    f.sample({{"plugin", plugin}}, child["crashes"].get<double>());
  f.counter("berth_plugin_child_restarts_total", "Isolated plugins' children started again.");
  for (const auto& [plugin, child] : children)
    f.sample({{"plugin", plugin}}, child["restarts"].get<double>());

  f.gauge("berth_build_info", "The host's version and plugin ABI.")
      .sample({{"version", BERTH_SDK_VERSION_STRING}, {"abi", std::to_string(BERTH_ABI_VERSION)}},
              1);
}

}  // namespace

std::string metrics_text(const MetricsSources& sources) {
  Families f;
  route_families(f, sources.table.series(), sources.router.unmatched());
  server_families(f, sources.server.stats());
  job_families(f, sources.tasks);
  std::map<std::string, storage::Database::Stats> dbs;
  dbs.emplace("berth", sources.host_db.stats());
  for (const auto& [plugin, counters] : sources.services.database_counters())
    dbs.emplace(plugin, storage::Database::stats_of(*counters));
  storage_families(f, dbs);
  host_families(f, sources.plugins, sources.reloader);
  return f.text();
}

void add_metrics_route(routing::RouteTable& table, std::function<std::string()> collect) {
  routing::Route r = host_route(
      Method::get, "/_berth/metrics",
      contract::RouteContract::from(
          {.summary = "The host's metrics in the Prometheus text format",
           .description = "Requests per plugin and route pattern, HTTP connections and rejections, "
                          "jobs, periodic tasks and services, storage, log lines, config reloads "
                          "and plugin states.",
           .name = "metrics",
           .responses = {{200,
                          {{"type", "string"},
                           {"contentMediaType", std::string(metrics::kTextContentType)}}}}}));
  r.handler = [collect = std::move(collect)](Request&) noexcept {
    try {
      return Response::text(collect(), 200, std::string(metrics::kTextContentType));
    } catch (const std::exception& e) {
      return Response::error_json(500, std::string("cannot collect the metrics: ") + e.what());
    }
  };
  std::vector<routing::Route> routes;
  routes.push_back(std::move(r));
  if (auto added = table.add(std::move(routes)); !added) throw std::logic_error(added.error());
}

}  // namespace berth::app
