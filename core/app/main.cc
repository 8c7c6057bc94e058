// berth: a plugin host for Docker Desktop extension backends.
#include "app/client_command.h"
#include "app/health_command.h"
#include "app/host.h"
#include "app/inspect_command.h"
#include "app/job_command.h"
#include "app/logs_command.h"
#include "app/new_plugin_command.h"
#include "app/openapi_command.h"
#include "config/load.h"
#include "log/log_ring.h"
#include "log/logger.h"
#include "plugins/plugin_manager.h"

#include <berth/version.h>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>

namespace {

constexpr const char* kDefaultConfig = "/etc/berth/berth.yaml";

std::string default_config_path() {
  if (const char* env = std::getenv("BERTH_CONFIG")) return env;
  std::error_code ec;
  return std::filesystem::exists(kDefaultConfig, ec) ? kDefaultConfig : "";
}

}  // namespace

int main(int argc, char** argv) {
  berth::app::block_signals();

  CLI::App cli{"berth: a plugin host for Docker Desktop extension backends"};
  std::string config_path = default_config_path();
  bool check = false;
  // Command-line flags win over BERTH_* variables, which win over the file: flags are fed through
  // the same override path as the variables, so they are validated with the same rules.
  std::map<std::string, std::string> flag_overrides;
  auto flag = [&](const char* name, const char* variable, const char* help) {
    cli.add_option_function<std::string>(
        name, [&flag_overrides, variable](const std::string& v) { flag_overrides[variable] = v; },
        help);
  };
  cli.add_option("-c,--config", config_path,
                 "YAML config file (default $BERTH_CONFIG or " + std::string(kDefaultConfig) + ")");
  const char* overlay_env = std::getenv("BERTH_CONFIG_OVERLAY");
  std::string overlay_path = overlay_env ? overlay_env : "";
  cli.add_option("--overlay", overlay_path,
                 "the user's YAML file merged over the config; created with a guide when missing "
                 "(default $BERTH_CONFIG_OVERLAY)");
  flag("--socket", "BERTH_SOCKET", "Unix socket to listen on");
  flag("--tcp", "BERTH_TCP", "also listen on HOST:PORT (\"\" disables)");
  flag("--data-dir", "BERTH_DATA_DIR", "folder for databases and state");
  flag("--log-level", "BERTH_LOG_LEVEL", "debug, info, warn or error");
  flag("--log-format", "BERTH_LOG_FORMAT", "json or text");
  flag("--watch-plugins", "BERTH_WATCH_PLUGINS",
       "true: swap in a plugin library when it is rebuilt, while serving (watch_plugins)");
  cli.add_flag("--check", check, "validate the config and plugins, then exit");
  bool no_config_watch = false;
  cli.add_flag("--no-config-watch", no_config_watch,
               "reload the config file on SIGHUP only, not whenever it changes");
  cli.set_version_flag("-V,--version", std::string("berth ") + BERTH_SDK_VERSION_STRING +
                                           " (plugin ABI " + std::to_string(BERTH_ABI_VERSION) +
                                           ")");
  std::optional<int> command_exit;  // set by a subcommand that ran
  berth::app::add_inspect_command(cli, command_exit);
  berth::app::add_health_command(cli, command_exit);
  berth::app::add_logs_command(cli, command_exit);
  berth::app::add_job_command(cli, command_exit);
  berth::app::add_new_plugin_command(cli, command_exit);
  berth::app::add_openapi_command(cli, command_exit);
  berth::app::add_client_command(cli, command_exit);
  CLI11_PARSE(cli, argc, argv);
  if (command_exit) return *command_exit;

  auto process_env = berth::config::process_environment();
  berth::config::Environment env = [&](const std::string& name) -> std::optional<std::string> {
    if (auto it = flag_overrides.find(name); it != flag_overrides.end()) return it->second;
    return process_env(name);
  };

  berth::config::HostConfig config;
  try {
    config = berth::config::load_files(config_path, overlay_path, env);
  } catch (const berth::config::ConfigError& e) {
    std::cerr << e.what() << "\n";
    std::size_t count = e.problems().size();
    if (check && e.partial()) {
      // One run lists every problem: the plugins' own sections too.
      for (const std::string& error : berth::plugins::check_plugin_entries(*e.partial())) {
        std::cerr << error << "\n";
        count += 1 + std::count(error.begin(), error.end(), '\n');  // one line per violation
      }
    }
    std::cerr << "berth: invalid configuration (" << count << " problem" << (count == 1 ? "" : "s")
              << ")\n";
    return 2;
  }

  berth::log::init(config.log.level,
                   config.log.json ? berth::log::Format::json : berth::log::Format::text);
  berth::log::ring().set_capacity(static_cast<std::size_t>(config.log.buffer_lines));
  int code = check
                 ? berth::app::check_host(config)
                 : berth::app::run_host(config, {config_path, overlay_path, env, !no_config_watch});
  berth::log::shutdown();
  return code;
}
