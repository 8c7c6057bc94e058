#pragma once
// `berth dev`'s page server on 127.0.0.1: the extension's UI with an emulated ddClient injected,
// and the /__berth/* calls that client makes (the backend's service, exec sessions, the Docker
// Engine's lists, the events the page raised, the UI's version for reloads). Built on the host's
// own HTTP server and router, with a route table of its own.
#include "app/dev/exec_sessions.h"
#include "app/dev/service_forward.h"
#include "app/dev/ui_files.h"
#include "app/dev/ui_proxy.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace berth::app::dev {

struct PageOptions {
  int port = 8090;  // 0 picks a free one
  std::optional<UiRoot> ui_dir;
  std::optional<UiUrl> ui_url;  // instead of ui_dir
  ReplyShape shape = ReplyShape::data;
  std::string backend_socket;  // where vm.service goes
  std::string engine_socket;   // where docker.listContainers/listImages go
  // The argv of vm.cli.exec(cmd, args). Unset: `cmd args...` here, in this process's
  // environment, where the backend runs. With a backend in a container (berth dev --image/--dir)
  // it is DevProject::exec_argv: the command in the backend's container, as Desktop runs it.
  std::function<std::vector<std::string>(const std::string& cmd,
                                         const std::vector<std::string>& args)>
      vm_exec_argv;
  ExecLimits exec;
  // The backend runs in this process (not --image): the page is told of plugin rebuilds.
  bool backend_in_process = false;
};

class PageServer {
 public:
  explicit PageServer(PageOptions options);
  ~PageServer();
  PageServer(const PageServer&) = delete;
  PageServer& operator=(const PageServer&) = delete;

  // Binds 127.0.0.1:port and serves. Throws http::StartError.
  void start();
  int port() const;
  // Answers waiting polls, lets requests in flight finish for a moment, then stops.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace berth::app::dev
