#include "config/overrides.h"

#include "config/values.h"

#include <string>
#include <utility>

namespace berth::config {
namespace {

class Overrider {
 public:
  Overrider(const Environment& env, std::vector<Problem>& problems)
      : env_(env), problems_(problems) {}

  template <class T>
  void apply(const char* variable, const Kind<T>& kind, T& out) {
    const std::optional<std::string> value = env_(variable);
    if (!value) return;
    Expected<T> parsed = kind.parse(*value);
    if (!parsed) {
      problems_.push_back(Problem{Mark{"environment", 0, 0}, variable, std::move(parsed).error()});
      return;
    }
    out = std::move(*parsed);
  }

 private:
  const Environment& env_;
  std::vector<Problem>& problems_;
};

}  // namespace

void apply_overrides(const Environment& env, HostConfig& c, std::vector<Problem>& problems) {
  Overrider o(env, problems);
  ServerConfig& s = c.server;
  o.apply("BERTH_SOCKET", socket_path(), s.socket);
  o.apply("BERTH_SOCKET_MODE", file_mode(), s.socket_mode);
  o.apply("BERTH_TCP", tcp_address(), s.tcp);
  o.apply("BERTH_IO_THREADS", integer_in(1, 64), s.io_threads);
  o.apply("BERTH_WORKER_THREADS", integer_in(1, 1024), s.worker_threads);
  o.apply("BERTH_BACKLOG", integer_in(1, 65535), s.backlog);
  o.apply("BERTH_MAX_REQUEST_BYTES", byte_size(), s.max_request_bytes);
  o.apply("BERTH_MAX_JSON_DEPTH", integer_in(1, static_cast<int>(kMaxJsonDepthCeiling)),
          s.max_json_depth);
  o.apply("BERTH_HEADER_TIMEOUT", timeout(), s.header_timeout);
  o.apply("BERTH_BODY_TIMEOUT", timeout(), s.body_timeout);
  o.apply("BERTH_IDLE_TIMEOUT", timeout(), s.idle_timeout);
  o.apply("BERTH_SHUTDOWN_TIMEOUT", timeout(), s.shutdown_timeout);
  o.apply("BERTH_DATA_DIR", non_empty_string(), c.data_dir);
  o.apply("BERTH_LOG_LEVEL", log_level(), c.log.level);
  o.apply("BERTH_LOG_FORMAT", log_format_is_json(), c.log.json);
  o.apply("BERTH_TASK_WORKERS", integer_in(1, 256), c.tasks.workers);
  o.apply("BERTH_WATCH_PLUGINS", boolean(), c.watch_plugins);
}

}  // namespace berth::config
