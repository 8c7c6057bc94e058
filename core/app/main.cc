// berth: a plugin host for Docker Desktop extension backends.
#include "app/client_command.h"
#include "app/dev/dev_command.h"
#include "app/health_command.h"
#include "app/host.h"
#include "app/host_flags.h"
#include "app/inspect_command.h"
#include "app/job_command.h"
#include "app/logs_command.h"
#include "app/new_plugin_command.h"
#include "app/openapi_command.h"
#include "app/plugin_child_command.h"

#include <berth/version.h>

#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
  berth::app::block_signals();

  CLI::App cli{"berth: a plugin host for Docker Desktop extension backends"};
  berth::app::HostFlags flags;
  berth::app::add_host_flags(cli, flags);
  bool check = false;
  cli.add_flag("--check", check, "validate the config and plugins, then exit");
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
  berth::app::add_dev_command(cli, command_exit);
  berth::app::add_plugin_child_command(cli, command_exit);
  CLI11_PARSE(cli, argc, argv);
  if (command_exit) return *command_exit;

  int code = 0;
  auto config = berth::app::load_host_config(flags, check, code);
  if (!config) return code;
  berth::app::HostLog log(*config);
  return check ? berth::app::check_host(*config)
               : berth::app::run_host(*config, berth::app::config_source(flags));
}
