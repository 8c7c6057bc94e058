#include "app/dev/dev_command.h"

#include "app/dev/dev_ui.h"
#include "app/dev/page_server.h"
#include "app/dev_project.h"
#include "app/host.h"
#include "app/host_flags.h"
#include "log/logger.h"

#include <signal.h>
#include <stdlib.h>

#include <filesystem>
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
  // The backend on the Docker Engine instead of in this process (dev_project.h).
  std::string image, dir, work;
  std::vector<std::string> compose_files;
  long ready_timeout_s = 120;
  // A backend that runs on its own: only the page server here, vm.service forwarded to it.
  std::string backend_socket;
};

dev::PageOptions page_options(const DevFlags& flags, const dev::DevUi& ui) {
  dev::PageOptions options;
  options.port = flags.port;
  options.ui_dir = ui.dir;
  options.ui_url = ui.url;
  options.shape = *dev::parse_reply_shape(flags.reply_shape);
  options.engine_socket = engine_socket_path();
  options.exec = flags.exec;
  options.exec.reap_after = std::chrono::milliseconds(flags.reap_ms);
  return options;
}

// Starts the page server and prints its URL (tests and users read that line); false when the
// port cannot be had.
bool start_page(dev::PageServer& page, int port) {
  try {
    page.start();
  } catch (const std::exception& e) {
    log::error("berth dev: cannot start the page server", {{"error", e.what()}});
    std::cerr << "berth dev: cannot serve the page on 127.0.0.1:" << port << ": " << e.what()
              << "\n";
    return false;
  }
  std::cout << "berth dev: http://127.0.0.1:" << page.port() << "/" << std::endl;
  return true;
}

// SIGINT, SIGTERM and SIGHUP, blocked. Called before any thread starts, so that every thread
// inherits the mask and the signal waits for wait_for_stop instead of ending the process before
// what it started is taken down.
sigset_t block_stop_signals() {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&stop_signals, s);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  return stop_signals;
}

void wait_for_stop(const sigset_t& stop_signals) {
  int signal = 0;
  sigwait(&stop_signals, &signal);
  log::info("berth dev: stopping", {{"signal", signal}});
}

// `berth dev --image IMAGE` / `--dir DIR`: the backend as Desktop creates it, on the local
// engine, until SIGINT or SIGTERM; then its project is taken down.
int run_dev_project(DevFlags& flags) {
  namespace fs = std::filesystem;
  log::init(LogLevel::info, log::Format::text);
  const sigset_t stop_signals = block_stop_signals();

  fs::path work = flags.work;
  bool own_work = false;
  if (work.empty()) {
    char pattern[] = "/tmp/berth-dev-XXXXXX";  // short: the socket's path must fit sun_path
    if (!::mkdtemp(pattern)) {
      std::cerr << "berth dev: cannot make a work folder in /tmp\n";
      return 1;
    }
    work = pattern;
    own_work = true;
  }
  struct RemoveWork {
    fs::path path;
    ~RemoveWork() {
      std::error_code ec;
      if (!path.empty()) fs::remove_all(path, ec);
    }
  } remove_work{own_work ? work : fs::path()};

  DevProjectOptions options{.image = flags.image,
                            .dir = flags.dir,
                            .compose_files = flags.compose_files,
                            .work = work,
                            .ready_timeout = std::chrono::seconds(flags.ready_timeout_s)};
  auto project =
      DevProject::start(options, [](const std::string& line) { std::cout << line << std::endl; });
  if (!project) {
    std::cerr << "berth dev: " << project.error() << "\n";
    return 1;
  }
  const std::string metadata = ((*project)->root() / "metadata.json").string();
  auto ui = dev::choose_ui(flags.ui_dir, flags.ui_url, metadata);
  if (!ui) {
    std::cerr << "berth dev: " << ui.error() << "\n";
    return 2;
  }
  dev::PageOptions page_opts = page_options(flags, *ui);
  page_opts.backend_socket = (*project)->socket().string();
  DevProject* backend = project->get();
  page_opts.vm_exec_argv = [backend](const std::string& cmd, const std::vector<std::string>& args) {
    return backend->exec_argv(cmd, args);
  };
  dev::PageServer page(page_opts);
  if (!start_page(page, flags.port)) return 1;
  log::info("berth dev: page server listening",
            {{"project", (*project)->project()}, {"backend", page_opts.backend_socket}});
  wait_for_stop(stop_signals);
  page.stop();
  (*project)->stop();
  return 0;
}

// `berth dev --backend-socket PATH`: the backend is a berth (or any server on a Unix socket) that
// runs on its own, under a debugger or restarted at will; only the page server runs here, until
// SIGINT or SIGTERM. While nothing answers on PATH the page sees the backend as lost, as in
// Desktop while the extension's container restarts.
int run_dev_page_only(DevFlags& flags) {
  log::init(LogLevel::info, log::Format::text);
  const sigset_t stop_signals = block_stop_signals();
  auto present = dev::backend_socket_present(flags.backend_socket);
  if (!present) {
    std::cerr << "berth dev: --backend-socket: " << present.error() << "\n";
    return 2;
  }
  auto ui = dev::choose_ui(flags.ui_dir, flags.ui_url);
  if (!ui) {
    std::cerr << "berth dev: " << ui.error() << "\n";
    return 2;
  }
  dev::PageOptions options = page_options(flags, *ui);
  options.backend_socket = flags.backend_socket;
  dev::PageServer page(options);
  if (!start_page(page, flags.port)) return 1;
  log::info("berth dev: page server listening", {{"ui", ui->dir ? ui->dir->dir : flags.ui_url},
                                                 {"reply_shape", flags.reply_shape},
                                                 {"backend", options.backend_socket}});
  if (!*present)
    log::warn("berth dev: no backend listens yet; the page shows it as lost until one does",
              {{"backend", options.backend_socket}});
  wait_for_stop(stop_signals);
  page.stop();
  return 0;
}

int run_dev(DevFlags& flags) {
  if (!flags.image.empty() || !flags.dir.empty()) return run_dev_project(flags);
  if (!flags.backend_socket.empty()) return run_dev_page_only(flags);
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
  dev::PageOptions options = page_options(flags, *ui);
  options.backend_socket = config->server.socket;
  options.backend_in_process = true;
  dev::PageServer page(options);
  if (!start_page(page, flags.port)) return 1;
  log::info("berth dev: page server listening", {{"ui", ui->dir ? ui->dir->dir : flags.ui_url},
                                                 {"reply_shape", flags.reply_shape},
                                                 {"backend", options.backend_socket}});
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
  const auto before_host_flags = command->get_options().size();
  add_host_flags(*command, flags->host);
  const std::vector<CLI::Option*> all_options = command->get_options();
  const std::vector<CLI::Option*> host_options(
      all_options.begin() + static_cast<std::ptrdiff_t>(before_host_flags), all_options.end());
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
  auto* image =
      command->add_option("--image", flags->image,
                          "run the backend of this extension image on the Docker Engine, as Docker "
                          "Desktop does (compose project or container; its UI is served)");
  auto* dir =
      command->add_option("--dir", flags->dir,
                          "the same from a folder with metadata.json and its compose file (with "
                          "--image too: DESKTOP_PLUGIN_IMAGE)");
  command->add_option("--compose-file", flags->compose_files,
                      "with --image/--dir: more compose files over the extension's (repeatable)");
  command->add_option("--work", flags->work,
                      "with --image/--dir: the folder for the extracted files and "
                      "/run/guest-services (default: a new one in /tmp, removed at the end)");
  command
      ->add_option("--ready-timeout", flags->ready_timeout_s,
                   "with --image/--dir: seconds to wait for the backend's socket")
      ->check(CLI::Range(1, 3600));
  auto* backend = command->add_option(
      "--backend-socket", flags->backend_socket,
      "run no backend: forward vm.service to the one listening on this Unix socket (a berth you "
      "start, stop and debug yourself)");
  backend->excludes(image)->excludes(dir);
  // The backend is the image's, or one of the user's own: the host flags would be ignored.
  for (CLI::Option* host_option : host_options) {
    backend->excludes(host_option);
    image->excludes(host_option);
    dir->excludes(host_option);
  }
  // For tests: exec sessions' bounds (docs/dev.md has the defaults).
  command->add_option("--exec-reap-ms", flags->reap_ms)->group("")->check(CLI::Range(10, 3600000));
  command->add_option("--exec-max-sessions", flags->exec.max_sessions)->group("");
  command->add_option("--exec-max-lines", flags->exec.max_lines)->group("");
  command->add_option("--exec-max-bytes", flags->exec.max_bytes)->group("");
  command->callback([flags, &exit_code] { exit_code = run_dev(*flags); });
}

}  // namespace berth::app
