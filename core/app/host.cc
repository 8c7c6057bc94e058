#include "app/host.h"

#include "app/builtin_routes.h"
#include "app/config_reload.h"
#include "app/file_watcher.h"
#include "app/host_signals.h"
#include "app/job_routes.h"
#include "app/library_watch.h"
#include "app/log_routes.h"
#include "app/long_polls.h"
#include "app/metrics_text.h"
#include "app/openapi_document.h"
#include "app/overlay_file.h"
#include "app/plugin_services.h"
#include "app/unrouted.h"
#include "http/server.h"
#include "isolation/isolated_plugin.h"
#include "log/logger.h"
#include "plugins/plugin_manager.h"
#include "routing/route_table.h"
#include "routing/router.h"
#include "storage/database.h"
#include "tasks/task_host.h"

#include <signal.h>
#include <stdlib.h>

#include <filesystem>
#include <iostream>
#include <thread>

namespace berth::app {
namespace {

log::RequestLogPolicy request_log_policy(const config::LogConfig& c) {
  const log::RequestLogMode mode =
      c.requests == config::RequestLogMode::all      ? log::RequestLogMode::all
      : c.requests == config::RequestLogMode::errors ? log::RequestLogMode::errors
                                                     : log::RequestLogMode::off;
  return {mode, c.slow_request};
}

http::ServerOptions server_options(const config::ServerConfig& s) {
  http::ServerOptions o;
  o.socket_path = s.socket;
  o.socket_mode = s.socket_mode;
  if (s.tcp) {
    o.tcp_host = s.tcp->host;
    o.tcp_port = s.tcp->port;
  }
  o.io_threads = s.io_threads;
  o.worker_threads = s.worker_threads;
  o.backlog = s.backlog;
  o.max_request_bytes = s.max_request_bytes;
  o.max_json_depth = static_cast<std::size_t>(s.max_json_depth);
  o.header_timeout = s.header_timeout;
  o.body_timeout = s.body_timeout;
  o.idle_timeout = s.idle_timeout;
  return o;
}

tasks::TaskHostOptions task_options(const config::TasksConfig& t) {
  tasks::TaskHostOptions o;
  o.workers = t.workers;
  o.queue_capacity = t.queue_capacity;
  o.limits = {.max_params_bytes = t.max_params_bytes,
              .max_result_bytes = t.max_result_bytes,
              .max_log_line_bytes = t.max_log_line_bytes,
              .log_tail_lines = t.log_tail_lines};
  o.retention = {.max_age = t.retention.max_age,
                 .max_jobs = t.retention.max_jobs,
                 .interval = t.retention.interval};
  return o;
}

// Plugins of `isolation: process` in children of this binary, with their databases under
// `data_dir`. /proc/self/exe is the image running now, even if the file was replaced since.
OpenIsolated open_isolated_in(const config::HostConfig& config, const std::string& data_dir) {
  isolation::IsolationOptions options{.binary = "/proc/self/exe",
                                      .data_dir = data_dir,
                                      .log_level = std::string(log::to_string(config.log.level)),
                                      .worker_threads = config.server.worker_threads,
                                      .stop_deadline = config.server.shutdown_timeout,
                                      .unavailable = isolated_plugin_unavailable};
  return [options](const config::PluginEntry& entry, const std::string& path) {
    return isolation::open_isolated_plugin(entry, path, options);
  };
}

}  // namespace

void block_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

namespace {

// SIGTERM: readiness 503, no new connections, long polls answered, in-flight requests and jobs
// get the deadline together, then plugins stop in reverse order.
void shut_down(HostState& state, http::Server& server, LongPolls& polls, tasks::TaskHost& tasks,
               plugins::PluginManager& plugins, std::chrono::milliseconds deadline) {
  state.ready = false;
  server.stop_accepting();
  polls.answer_all();
  std::thread task_drain([&tasks, deadline] { tasks.shutdown(deadline); });
  if (!server.wait_idle(deadline))
    log::warn("shutdown deadline passed with requests in flight; closing them",
              {{"in_flight", server.stats().requests_in_flight}});
  server.stop();
  task_drain.join();
  plugins.stop_all();
}

const char* stop_signal_name(int sig) {
  return sig == SIGTERM ? "SIGTERM" : "SIGINT";
}

int serve(const config::HostConfig& config, const ConfigSource& source) {
  HostSignals signals(config.server.shutdown_timeout);
  std::filesystem::create_directories(config.data_dir);
  storage::Database host_db({.path = std::filesystem::path(config.data_dir) / "berth.db",
                             .backup_dir = std::filesystem::path(config.data_dir) / "backups"});
  tasks::TaskHost tasks(host_db, task_options(config.tasks));
  tasks.recover();

  HostState state;
  routing::RouteTable table;
  routing::Router router(table);
  router.set_request_log(request_log_policy(config.log));
  LongPolls polls;
  PluginServices services({.data_dir = config.data_dir,
                           .tasks = &tasks,
                           .stop_deadline = config.server.shutdown_timeout,
                           .open_isolated = open_isolated_in(config, config.data_dir)});
  plugins::PluginManager plugins(table, services);
  router.set_unrouted([&state, &plugins](const Request& request) {
    return unrouted_answer(request, state, plugins);
  });
  add_builtin_routes(table, state, plugins);
  if (auto added = table.add(builtin_job_routes(tasks, polls)); !added)
    throw std::logic_error(added.error());
  if (auto added = table.add(builtin_log_routes(log::ring(), polls)); !added)
    throw std::logic_error(added.error());
  std::unique_ptr<ConfigReloader> reloader;
  // Started once ready: a reload or a swap never races the start.
  std::unique_ptr<LibraryWatch> libraries;
  if (config.watch_plugins)
    libraries = std::make_unique<LibraryWatch>(plugins, config.server.shutdown_timeout);
  // One per file; either reloads both.
  std::vector<std::unique_ptr<FileWatcher>> watchers;
  if (!source.path.empty() || !source.overlay.empty()) {
    if (!source.overlay.empty()) create_overlay_if_missing(source.overlay, config.source);
    reloader = std::make_unique<ConfigReloader>(source.path, source.overlay, source.env, config,
                                                plugins, config.server.shutdown_timeout);
    for (const std::string& file : {source.path, source.overlay})
      if (!file.empty())
        watchers.push_back(
            std::make_unique<FileWatcher>(file, WatchOptions{.inotify = source.watch},
                                          [&reloader, &libraries](std::string_view trigger) {
                                            reloader->reload(trigger);
                                            if (libraries) libraries->refresh();
                                          }));
  }
  FileWatcher* const signal_watcher = watchers.empty() ? nullptr : watchers.front().get();
  add_config_route(table, reloader.get(), config,
                   !reloader      ? "none"
                   : source.watch ? "inotify"
                                  : "signal");

  http::Server server(server_options(config.server), router);
  const MetricsSources metrics{server,  table,    router,  tasks,
                               plugins, services, host_db, reloader.get()};
  add_metrics_route(table, [&metrics] { return metrics_text(metrics); });
  server.start();
  nlohmann::json listening = {{"socket", config.server.socket}};
  if (config.server.tcp)
    listening["tcp"] = config.server.tcp->host + ":" + std::to_string(server.tcp_port());
  log::info("listening", listening);

  std::vector<std::string> fatal = plugins.start(config, signals.stop_token());
  state.started = true;
  signals.start_finished();
  if (int sig = signals.stop_signal()) {
    log::info("stop signal during start-up; stopping what started",
              {{"signal", stop_signal_name(sig)}});
    shut_down(state, server, polls, tasks, plugins, config.server.shutdown_timeout);
    return 128 + sig;
  }
  if (!fatal.empty()) {
    for (const auto& f : fatal) log::error("refusing to start", {{"error", f}});
    server.stop();
    tasks.shutdown(std::chrono::milliseconds(0));
    return 1;
  }
  state.ready = true;
  log::info("ready", {{"plugins", config.plugins.size()}});

  for (auto& watcher : watchers) watcher->start();
  if (libraries) libraries->refresh();
  signals.on_reload([signal_watcher] {
    if (signal_watcher) {
      log::info("SIGHUP: reloading the config file");
      signal_watcher->request_reload();
    } else {
      log::warn("SIGHUP: no config file to reload (running on built-in defaults)");
    }
  });
  int sig = signals.wait();
  log::info("shutting down", {{"signal", stop_signal_name(sig)},
                              {"deadline_ms", config.server.shutdown_timeout.count()}});
  // Lets a reload in progress finish: plugins change no more.
  for (auto& watcher : watchers) watcher->stop();
  if (libraries) libraries->stop();
  shut_down(state, server, polls, tasks, plugins, config.server.shutdown_timeout);
  if (int abandoned = tasks.abandoned_threads()) {
    // Those threads still run plugin code: unloading the libraries under them would crash.
    log::warn("stopped with task threads that ignored their stop token; exiting without unloading",
              {{"threads", abandoned}});
    log::shutdown();
    std::_Exit(0);
  }
  log::info("stopped");
  return 0;
}

}  // namespace

int run_host(const config::HostConfig& config, const ConfigSource& source) {
  try {
    return serve(config, source);
  } catch (const std::exception& e) {
    log::error("cannot start", {{"error", e.what()}});
    return 1;
  }
}

namespace {

// Plugins register for real, but against scratch databases: a check must not migrate the data.
class ScratchDir {
 public:
  ScratchDir() : path_((std::filesystem::temp_directory_path() / "berth-check-XXXXXX").string()) {
    if (!mkdtemp(path_.data())) throw std::runtime_error("cannot create a scratch folder");
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
};

}  // namespace

nlohmann::json openapi_without_serving(const config::HostConfig& config,
                                       std::vector<std::string>& errors) {
  ScratchDir scratch;
  storage::Database host_db({.path = std::filesystem::path(scratch.path()) / "berth.db",
                             .backup_dir = std::filesystem::path(scratch.path()) / "backups"});
  tasks::TaskHost tasks(host_db, task_options(config.tasks));
  HostState state;
  routing::RouteTable table;
  LongPolls polls;
  PluginServices services({.data_dir = scratch.path(),
                           .tasks = &tasks,
                           .run_tasks = false,
                           .open_isolated = open_isolated_in(config, scratch.path())});
  plugins::PluginManager plugins(table, services);
  add_builtin_routes(table, state, plugins);
  if (auto added = table.add(builtin_job_routes(tasks, polls)); !added)
    throw std::logic_error(added.error());
  if (auto added = table.add(builtin_log_routes(log::ring(), polls)); !added)
    throw std::logic_error(added.error());
  add_config_route(table, nullptr, config, "none");
  add_metrics_route(table, [] { return std::string(); });  // documented, never served
  std::stop_source never;
  std::vector<std::string> fatal = plugins.start(config, never.get_token());
  for (const auto& s : plugins.statuses())
    if (s.state == plugins::PluginState::failed) errors.push_back(s.error);
  if (errors.empty()) errors = std::move(fatal);
  nlohmann::json document = errors.empty() ? openapi_document(table) : nlohmann::json();
  plugins.stop_all();
  tasks.shutdown(std::chrono::milliseconds(0));
  return document;
}

int check_host(const config::HostConfig& config) {
  std::optional<ScratchDir> scratch_dir;
  try {
    scratch_dir.emplace();
  } catch (const std::exception&) {
    std::cerr << "cannot create a scratch folder for --check\n";
    return 1;
  }
  const std::string& scratch = scratch_dir->path();
  routing::RouteTable table;
  PluginServices services(
      {.data_dir = scratch, .open_isolated = open_isolated_in(config, scratch)});
  plugins::PluginManager plugins(table, services);
  HostSignals signals(config.server.shutdown_timeout);
  plugins.start(config, signals.stop_token());
  signals.start_finished();
  if (int sig = signals.stop_signal()) {
    plugins.stop_all();
    std::cerr << "berth --check: stopped by " << stop_signal_name(sig) << "\n";
    return 128 + sig;
  }
  int problems = 0;
  for (const auto& s : plugins.statuses()) {
    if (s.state == plugins::PluginState::failed) {
      std::cerr << s.error << "\n";
      ++problems;
    }
  }
  plugins.stop_all();
  const std::string files = config.source + (config.overlay.empty() ? "" : " + " + config.overlay);
  if (problems) {
    std::cerr << files << ": " << problems << " plugin problem(s)\n";
    return 1;
  }
  std::cout << files << ": OK (" << config.plugins.size() << " plugins)\n";
  return 0;
}

}  // namespace berth::app
