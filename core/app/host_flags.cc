#include "app/host_flags.h"

#include "log/log_ring.h"
#include "log/logger.h"
#include "plugins/plugin_manager.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>

namespace berth::app {
namespace {

constexpr const char* kDefaultConfig = "/etc/berth/berth.yaml";

std::string default_config_path() {
  if (const char* env = std::getenv("BERTH_CONFIG")) return env;
  std::error_code ec;
  return std::filesystem::exists(kDefaultConfig, ec) ? kDefaultConfig : "";
}

}  // namespace

HostFlags::HostFlags() : config_path(default_config_path()) {
  if (const char* overlay = std::getenv("BERTH_CONFIG_OVERLAY")) overlay_path = overlay;
}

config::Environment HostFlags::environment() const {
  return [process_env = config::process_environment(),
          overrides = overrides](const std::string& name) -> std::optional<std::string> {
    if (auto it = overrides.find(name); it != overrides.end()) return it->second;
    return process_env(name);
  };
}

void add_host_flags(CLI::App& app, HostFlags& flags) {
  auto flag = [&](const char* name, const char* variable, const char* help) {
    app.add_option_function<std::string>(
        name, [&flags, variable](const std::string& v) { flags.overrides[variable] = v; }, help);
  };
  app.add_option("-c,--config", flags.config_path,
                 "YAML config file (default $BERTH_CONFIG or " + std::string(kDefaultConfig) + ")");
  app.add_option("--overlay", flags.overlay_path,
                 "the user's YAML file merged over the config; created with a guide when missing "
                 "(default $BERTH_CONFIG_OVERLAY)");
  flag("--socket", "BERTH_SOCKET", "Unix socket to listen on");
  flag("--tcp", "BERTH_TCP", "also listen on HOST:PORT (\"\" disables)");
  flag("--data-dir", "BERTH_DATA_DIR", "folder for databases and state");
  flag("--log-level", "BERTH_LOG_LEVEL", "debug, info, warn or error");
  flag("--log-format", "BERTH_LOG_FORMAT", "json or text");
  flag("--watch-plugins", "BERTH_WATCH_PLUGINS",
       "true: swap in a plugin library when it is rebuilt, while serving (watch_plugins)");
  app.add_flag("--no-config-watch", flags.no_config_watch,
               "reload the config file on SIGHUP only, not whenever it changes");
}

std::optional<config::HostConfig> load_host_config(const HostFlags& flags, bool check,
                                                   int& exit_code) {
  try {
    return config::load_files(flags.config_path, flags.overlay_path, flags.environment());
  } catch (const config::ConfigError& e) {
    std::cerr << e.what() << "\n";
    std::size_t count = e.problems().size();
    if (check && e.partial()) {
      // One run lists every problem: the plugins' own sections too.
      for (const std::string& error : plugins::check_plugin_entries(*e.partial())) {
        std::cerr << error << "\n";
        count += 1 + std::count(error.begin(), error.end(), '\n');  // one line per violation
      }
    }
    std::cerr << "berth: invalid configuration (" << count << " problem" << (count == 1 ? "" : "s")
              << ")\n";
    exit_code = 2;
    return std::nullopt;
  }
}

ConfigSource config_source(const HostFlags& flags) {
  return {flags.config_path, flags.overlay_path, flags.environment(), !flags.no_config_watch};
}

HostLog::HostLog(const config::HostConfig& config) {
  log::init(config.log.level, config.log.json ? log::Format::json : log::Format::text);
  log::ring().set_capacity(static_cast<std::size_t>(config.log.buffer_lines));
}

HostLog::~HostLog() {
  log::shutdown();
}

}  // namespace berth::app
