#include "app/dev/dev_command.h"

#include "app/dev/dev_ui.h"
#include "app/dev/page_server.h"
#include "app/dev_project.h"
#include "app/host.h"
#include "app/host_flags.h"
#include "log/logger.h"

#include <iostream>
#include <memory>

namespace berth::app {
namespace {

struct DevFlags {
  HostFlags host;
  int port = 8090;
  std::string ui_dir, ui_url;
  std::string reply_shape = "data";
  dev::ExecLimits exec;
  long reap_ms = 15'000;
};

int run_dev(DevFlags& flags) {
  auto ui = dev::choose_ui(flags.ui_dir, flags.ui_url);
  if (!ui) {
    std::cerr << "berth dev: " << ui.error() << "\n";
    return 2;
  }
  // The point of dev: a rebuilt plugin is swapped in while the page stays open.
  flags.host.overrides["BERTH_WATCH_PLUGINS"] = "true";
  int code = 0;
  auto config = load_host_config(flags.host, false, code);
  if (!config) return code;
  HostLog log(*config);

  // The backend is this process: its socket is the config's, and vm.cli.exec runs commands here.
  // `berth dev --image/--dir` (not wired yet) would start a DevProject (dev_project.h) instead of
  // run_host below, and give the page server its socket() and exec_argv().
  dev::PageOptions options;
  options.port = flags.port;
  options.ui_dir = ui->dir;
  options.ui_url = ui->url;
  options.shape = *dev::parse_reply_shape(flags.reply_shape);
  options.backend_socket = config->server.socket;
  options.engine_socket = engine_socket_path();
  options.exec = flags.exec;
  options.exec.reap_after = std::chrono::milliseconds(flags.reap_ms);
  dev::PageServer page(options);
  try {
    page.start();
  } catch (const std::exception& e) {
    log::error("berth dev: cannot start the page server", {{"error", e.what()}});
    std::cerr << "berth dev: cannot serve the page on 127.0.0.1:" << flags.port << ": " << e.what()
              << "\n";
    return 1;
  }
  const std::string url = "http://127.0.0.1:" + std::to_string(page.port()) + "/";
  log::info("berth dev: page server listening", {{"url", url},
                                                 {"ui", ui->dir ? ui->dir->dir : flags.ui_url},
                                                 {"reply_shape", flags.reply_shape},
                                                 {"backend", options.backend_socket}});
  std::cout << "berth dev: " << url << std::endl;
  code = run_host(*config, config_source(flags.host));
  page.stop();
  return code;
}

}  // namespace

void add_dev_command(CLI::App& cli, std::optional<int>& exit_code) {
  auto* command = cli.add_subcommand(
      "dev",
      "run the extension's backend as berth does, plugins reloaded when rebuilt, and its UI on "
      "http://127.0.0.1:PORT/ with an emulated Docker Desktop client (docs/dev.md)");
  auto flags = std::make_shared<DevFlags>();
  add_host_flags(*command, flags->host);
  command->add_option("--port", flags->port, "the page server's port on 127.0.0.1 (0: a free one)")
      ->check(CLI::Range(0, 65535));
  auto* ui = command->add_option("--ui", flags->ui_dir,
                                 "the UI's folder (default: metadata.json's dashboard tab root)");
  command
      ->add_option("--ui-url", flags->ui_url,
                   "proxy a UI dev server instead, e.g. http://localhost:3000 (Vite)")
      ->excludes(ui);
  command
      ->add_option("--reply-shape", flags->reply_shape,
                   "vm.service replies as Docker Desktop >= 4.42 gives them ({data: ...}) or "
                   "older ones (plain)")
      ->check(CLI::IsMember({"data", "plain"}));
  // For tests: exec sessions' bounds (docs/dev.md has the defaults).
  command->add_option("--exec-reap-ms", flags->reap_ms)->group("")->check(CLI::Range(10, 3600000));
  command->add_option("--exec-max-sessions", flags->exec.max_sessions)->group("");
  command->add_option("--exec-max-lines", flags->exec.max_lines)->group("");
  command->add_option("--exec-max-bytes", flags->exec.max_bytes)->group("");
  command->callback([flags, &exit_code] { exit_code = run_dev(*flags); });
}

}  // namespace berth::app
