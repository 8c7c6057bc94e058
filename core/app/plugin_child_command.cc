#include "app/plugin_child_command.h"

#include "app/plugin_services.h"
#include "isolation/child_server.h"
#include "log/logger.h"

#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <iostream>
#include <memory>

namespace berth::app {

void add_plugin_child_command(CLI::App& cli, std::optional<int>& exit_code) {
  auto* command = cli.add_subcommand("plugin-child", "run one isolated plugin for its host");
  command->group("");  // hidden from --help
  auto fd = std::make_shared<int>(-1);
  auto parent = std::make_shared<int>(-1);
  command->add_option("--fd", *fd, "the socket to the host")->required();
  command->add_option("--parent", *parent, "the host's pid")->required();
  command->callback([fd, parent, &exit_code] {
    // The host set this before exec too; set again here in case it was started otherwise, and
    // checked against the parent so a host that died before it took effect leaves no orphan.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != *parent) {
      exit_code = 1;
      return;
    }
    log::init(LogLevel::info, log::Format::json);
    exit_code = isolation::serve_plugin_child(*fd, [](const isolation::ChildStart& start) {
      return std::make_unique<PluginServices>(PluginServicesOptions{.data_dir = start.data_dir});
    });
  });
}

}  // namespace berth::app
