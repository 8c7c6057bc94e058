#include "app/host.h"

#include "app/builtin_routes.h"
#include "http/server.h"
#include "log/logger.h"
#include "plugins/plugin_manager.h"
#include "routing/route_table.h"
#include "routing/router.h"
#include "storage/database.h"

#include <signal.h>
#include <stdlib.h>

#include <filesystem>
#include <iostream>

namespace berth::app {
namespace {

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
  o.header_timeout = s.header_timeout;
  o.body_timeout = s.body_timeout;
  o.idle_timeout = s.idle_timeout;
  return o;
}

int wait_for_stop_signal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  for (;;) {
    int sig = 0;
    if (sigwait(&set, &sig) != 0) continue;
    if (sig == SIGHUP) {
      log::info("SIGHUP: configuration reload is not supported yet; restart to apply changes");
      continue;
    }
    return sig;
  }
}

// Each plugin's database: <data_dir>/plugins/<name>.db, backups beside it.
plugins::StorageFactory plugin_storage(const std::string& data_dir) {
  return [dir = std::filesystem::path(data_dir) / "plugins"](const std::string& plugin) {
    storage::DatabaseOptions options;
    options.path = dir / (plugin + ".db");
    options.backup_dir = dir / "backups";
    return std::make_unique<storage::Database>(std::move(options));
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

int run_host(const config::HostConfig& config) {
  HostState state;
  routing::RouteTable table;
  routing::Router router(table);
  plugins::PluginManager plugins(table, {.storage = plugin_storage(config.data_dir)});
  add_builtin_routes(table, state, plugins);

  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  if (ec) {
    log::error("cannot create data_dir", {{"data_dir", config.data_dir}, {"error", ec.message()}});
    return 1;
  }

  http::Server server(server_options(config.server), router);
  try {
    server.start();
  } catch (const http::StartError& e) {
    log::error("cannot start", {{"error", e.what()}});
    return 1;
  }
  nlohmann::json listening = {{"socket", config.server.socket}};
  if (config.server.tcp)
    listening["tcp"] = config.server.tcp->host + ":" + std::to_string(server.tcp_port());
  log::info("listening", listening);

  std::vector<std::string> fatal = plugins.start(config);
  if (!fatal.empty()) {
    for (const auto& f : fatal) log::error("refusing to start", {{"error", f}});
    server.stop();
    return 1;
  }
  state.ready = true;
  log::info("ready", {{"plugins", config.plugins.size()}});

  int sig = wait_for_stop_signal();
  auto deadline = config.server.shutdown_timeout;
  log::info("shutting down", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"},
                              {"deadline_ms", deadline.count()}});
  state.ready = false;
  server.stop_accepting();
  if (!server.wait_idle(deadline))
    log::warn("shutdown deadline passed with requests in flight; closing them",
              {{"in_flight", server.stats().requests_in_flight}});
  server.stop();
  plugins.stop_all();
  log::info("stopped");
  return 0;
}

int check_host(const config::HostConfig& config) {
  // Plugins register for real, but against scratch databases: a check must not migrate the data.
  std::string scratch = (std::filesystem::temp_directory_path() / "berth-check-XXXXXX").string();
  if (!mkdtemp(scratch.data())) {
    std::cerr << "cannot create a scratch folder for --check\n";
    return 1;
  }
  struct RemoveScratch {
    std::string path;
    ~RemoveScratch() {
      std::error_code ec;
      std::filesystem::remove_all(path, ec);
    }
  } remove_scratch{scratch};
  routing::RouteTable table;
  plugins::PluginManager plugins(table, {.storage = plugin_storage(scratch)});
  plugins.start(config);
  int problems = 0;
  for (const auto& s : plugins.statuses()) {
    if (s.state == plugins::PluginState::failed) {
      std::cerr << s.error << "\n";
      ++problems;
    }
  }
  plugins.stop_all();
  if (problems) {
    std::cerr << config.source << ": " << problems << " plugin problem(s)\n";
    return 1;
  }
  std::cout << config.source << ": OK (" << config.plugins.size() << " plugins)\n";
  return 0;
}

}  // namespace berth::app
