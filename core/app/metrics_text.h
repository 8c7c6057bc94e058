#pragma once
// GET /_berth/metrics: the host's counters in the Prometheus text format, read at scrape time
// from where each layer keeps them. Nothing is counted for the scrape's sake on a request's path
// but a few relaxed increments (see routing/route_metrics.h).
#include "app/config_reload.h"
#include "app/plugin_services.h"
#include "http/server.h"
#include "plugins/plugin_manager.h"
#include "routing/route_table.h"
#include "routing/router.h"
#include "storage/database.h"
#include "tasks/task_host.h"

#include <functional>
#include <string>

namespace berth::app {

struct MetricsSources {
  const http::Server& server;
  const routing::RouteTable& table;
  const routing::Router& router;
  tasks::TaskHost& tasks;
  const plugins::PluginManager& plugins;
  const PluginServices& services;
  const storage::Database& host_db;  // the jobs' database, reported as plugin "berth"
  const ConfigReloader* reloader;    // null: no config file, no reloads
};

std::string metrics_text(const MetricsSources& sources);

// Adds GET /_berth/metrics to `table`, answered with what `collect` returns (metrics_text()).
void add_metrics_route(routing::RouteTable& table, std::function<std::string()> collect);

}  // namespace berth::app
