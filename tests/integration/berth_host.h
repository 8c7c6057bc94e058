#pragma once
// A real `berth` process on a temporary socket and a free TCP port, with a generated config.
#include "support/berth_process.h"
#include "support/http_client.h"
#include "support/temp_dir.h"

#include <memory>
#include <string>

namespace berth::test {

struct HostOptions {
  std::string plugins_yaml;  // the `plugins:` list, indented by two spaces
  std::string server_yaml;   // extra `server:` keys, indented by two spaces
  bool tcp = true;
  bool wait_ready = true;
  std::vector<std::string> extra_args;
  std::string data_dir;    // empty: a folder of the host's own temporary directory
  std::string tasks_yaml;  // `tasks:` keys, indented by two spaces
  std::string log_yaml;    // extra `log:` keys (after level: info), indented by two spaces
  std::string extra_yaml;  // more top-level keys
};

class BerthHost {
 public:
  explicit BerthHost(HostOptions options);
  ~BerthHost();

  const std::string& socket() const { return socket_; }
  int tcp_port() const { return tcp_port_; }
  const TempDir& dir() const { return dir_; }
  BerthProcess& process() { return *process_; }
  HttpClient client() const { return HttpClient::unix_socket(socket_); }
  std::string log() const { return process_->log(); }
  // Log lines (JSON objects) whose "msg" equals `msg`.
  std::vector<nlohmann::json> log_lines(const std::string& msg) const;
  // The same once at least `count` are there, or what there is after a timeout.
  std::vector<nlohmann::json> log_lines(const std::string& msg, std::size_t count) const;

 private:
  TempDir dir_;
  std::string socket_;
  int tcp_port_ = 0;
  std::unique_ptr<BerthProcess> process_;
};

// The lines (JSON objects) of a berth log whose "msg" equals `msg`.
std::vector<nlohmann::json> log_lines_of(const std::string& log, const std::string& msg);

// The lines of `msg` in `process`'s log once at least `count` are there, or what there is after
// 10 s: the host writes its log lines a few milliseconds after it logs them, so a line logged
// before a response may reach the log after the test saw that response.
std::vector<nlohmann::json> await_log_lines(const BerthProcess& process, const std::string& msg,
                                            std::size_t count);

// The config a BerthHost would write, for tests that run the binary themselves.
std::string host_config(const TempDir& dir, const HostOptions& options);

}  // namespace berth::test
