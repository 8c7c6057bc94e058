#include "config/schema.h"

#include "config/values.h"
#include "config/yaml_to_json.h"

#include <array>
#include <map>
#include <utility>

namespace berth::config {
namespace {

// Parses a scalar slot as `kind` into `out`; leaves `out` alone and reports on failure.
template <class T>
bool read_value(Reader& r, const Slot& slot, const Kind<T>& kind, T& out) {
  const std::optional<Text> text = r.text(slot, kind.expected);
  if (!text) return false;
  Expected<T> parsed = kind.parse(text->value);
  if (!parsed) {
    r.problem(slot.mark, slot.path, parsed.error() + text->origin());
    return false;
  }
  out = std::move(*parsed);
  return true;
}

template <class T>
Field field(std::string_view key, Reader& r, Kind<T> kind, T& out) {
  return {key, [&r, kind = std::move(kind), &out](const Slot& s) { read_value(r, s, kind, out); }};
}

void read_tcp_map(Reader& r, const Slot& slot, std::optional<TcpListenerConfig>& out) {
  TcpListenerConfig listener;
  const std::array fields{
      field("host", r, non_empty_string(), listener.host),
      field("port", r, port(), listener.port),
  };
  read_map(r, slot, fields);
  // "[::1]" is how the address is written in "host:port"; accept it here too.
  if (listener.host.size() > 2 && listener.host.front() == '[' && listener.host.back() == ']') {
    listener.host = listener.host.substr(1, listener.host.size() - 2);
  }
  out = listener;
}

void read_tcp(Reader& r, const Slot& slot, std::optional<TcpListenerConfig>& out) {
  if (slot.node.IsNull()) {
    out.reset();
  } else if (slot.node.IsMap()) {
    read_tcp_map(r, slot, out);
  } else {
    read_value(r, slot, tcp_address(), out);
  }
}

void read_server(Reader& r, const Slot& slot, ServerConfig& s) {
  const std::array fields{
      field("socket", r, socket_path(), s.socket),
      field("socket_mode", r, file_mode(), s.socket_mode),
      Field{"tcp", [&](const Slot& v) { read_tcp(r, v, s.tcp); }},
      field("io_threads", r, integer_in(1, 64), s.io_threads),
      field("worker_threads", r, integer_in(1, 1024), s.worker_threads),
      field("backlog", r, integer_in(1, 65535), s.backlog),
      field("max_request_bytes", r, byte_size(), s.max_request_bytes),
      field("max_json_depth", r, integer_in(1, static_cast<int>(kMaxJsonDepthCeiling)),
            s.max_json_depth),
      field("header_timeout", r, timeout(), s.header_timeout),
      field("body_timeout", r, timeout(), s.body_timeout),
      field("idle_timeout", r, timeout(), s.idle_timeout),
      field("shutdown_timeout", r, timeout(), s.shutdown_timeout),
  };
  read_map(r, slot, fields);
}

void read_log(Reader& r, const Slot& slot, LogConfig& log) {
  const std::array fields{
      field("level", r, log_level(), log.level),
      field("format", r, log_format_is_json(), log.json),
      field("buffer_lines", r, integer_in(1, 100000), log.buffer_lines),
      field("requests", r, request_log_mode(), log.requests),
      field("slow_request", r, timeout(), log.slow_request),
  };
  read_map(r, slot, fields);
}

void read_retention(Reader& r, const Slot& slot, JobRetentionConfig& retention) {
  const std::array fields{
      field("max_age", r, age(), retention.max_age),
      field("max_jobs", r, integer_in(1, 1000000), retention.max_jobs),
      field("interval", r, timeout(), retention.interval),
  };
  read_map(r, slot, fields);
}

void read_tasks(Reader& r, const Slot& slot, TasksConfig& tasks) {
  const std::array fields{
      field("workers", r, integer_in(1, 256), tasks.workers),
      field("queue_capacity", r, integer_in(1, 1000000), tasks.queue_capacity),
      field("max_params_bytes", r, byte_size(), tasks.max_params_bytes),
      field("max_result_bytes", r, byte_size(), tasks.max_result_bytes),
      field("max_log_line_bytes", r, byte_size(), tasks.max_log_line_bytes),
      field("log_tail_lines", r, integer_in(1, 10000), tasks.log_tail_lines),
      Field{"retention", [&](const Slot& v) { read_retention(r, v, tasks.retention); }},
  };
  read_map(r, slot, fields);
}

void read_plugin_dirs(Reader& r, const Slot& slot, std::vector<std::string>& dirs) {
  read_list(r, slot, "a list of folders", [&](const Slot& item, std::size_t) {
    std::string dir;
    if (read_value(r, item, non_empty_string(), dir)) dirs.push_back(r.resolve(dir, item.mark));
  });
}

void read_isolation_map(Reader& r, const Slot& slot, IsolationConfig& isolation) {
  const std::array fields{
      field("mode", r, isolation_mode(), isolation.mode),
      field("deadline", r, timeout(), isolation.deadline),
      field("max_crashes", r, integer_in(1, 1000), isolation.max_crashes),
      field("crash_window", r, timeout(), isolation.crash_window),
      field("memory", r, byte_size(), isolation.memory),
      field("open_files", r, integer_in(16, 1 << 20), isolation.open_files),
  };
  read_map(r, slot, fields);
}

// `isolation: process`, or a map with the mode and the watchdog and crash settings.
void read_isolation(Reader& r, const Slot& slot, IsolationConfig& isolation) {
  if (slot.node.IsMap()) {
    read_isolation_map(r, slot, isolation);
  } else {
    read_value(r, slot, isolation_mode(), isolation.mode);
  }
}

// Plugin names seen so far, with the line of the first use, to report repeats.
using SeenNames = std::map<std::string, int>;

void read_plugin(Reader& r, const Slot& slot, PluginEntry& p, SeenNames& seen) {
  p.config_path = child_path(slot.path, "config");
  bool has_name = false;
  const std::array fields{
      Field{"name",
            [&](const Slot& v) {
              has_name = true;
              if (!read_value(r, v, plugin_name(), p.name)) return;
              if (const auto [first, fresh] = seen.emplace(p.name, v.mark.line); !fresh) {
                r.problem(v.mark, v.path,
                          "duplicate plugin name '" + p.name + "'; first defined at line " +
                              std::to_string(first->second));
              }
            }},
      Field{"path",
            [&](const Slot& v) {
              if (read_value(r, v, non_empty_string(), p.path)) p.path = r.resolve(p.path, v.mark);
            }},
      field("enabled", r, boolean(), p.enabled),
      Field{"mount",
            [&](const Slot& v) {
              std::string mount;
              if (read_value(r, v, mount_path(), mount)) p.mount = std::move(mount);
            }},
      field("required", r, boolean(), p.required),
      Field{"isolation", [&](const Slot& v) { read_isolation(r, v, p.isolation); }},
      Field{"config",
            [&](const Slot& v) {
              p.config_path = v.path;
              p.config_marks.emplace("", v.mark);
              // "config:" with nothing after it means no settings, not a null config.
              if (!v.node.IsNull()) p.config = yaml_to_json(r, v, &p.config_marks);
            }},
  };
  if (!slot.node.IsMap()) {
    r.problem(slot.mark, slot.path,
              "expected a map with at least a name, got " + describe(slot.node));
    return;
  }
  read_map(r, slot, fields);
  if (!has_name) r.problem(slot.mark, slot.path, "missing required key 'name'");
}

void read_plugins(Reader& r, const Slot& slot, std::vector<PluginEntry>& plugins) {
  SeenNames seen;
  read_list(r, slot, "a list of plugins", [&](const Slot& item, std::size_t) {
    PluginEntry entry;
    entry.mark = item.mark;
    read_plugin(r, item, entry, seen);
    plugins.push_back(std::move(entry));
  });
}

}  // namespace

void read_host_config(Reader& r, const YAML::Node& root, HostConfig& c) {
  if (root.IsNull()) return;
  const Slot document{root, "", r.mark(root)};
  if (!root.IsMap()) {
    r.problem(document.mark, "", "the top level must be a map, got " + describe(root));
    return;
  }
  const std::array fields{
      Field{"server", [&](const Slot& v) { read_server(r, v, c.server); }},
      field("data_dir", r, non_empty_string(), c.data_dir),
      Field{"log", [&](const Slot& v) { read_log(r, v, c.log); }},
      Field{"tasks", [&](const Slot& v) { read_tasks(r, v, c.tasks); }},
      Field{"plugin_dirs", [&](const Slot& v) { read_plugin_dirs(r, v, c.plugin_dirs); }},
      field("watch_plugins", r, boolean(), c.watch_plugins),
      Field{"plugins", [&](const Slot& v) { read_plugins(r, v, c.plugins); }},
  };
  read_map(r, document, fields);
}

}  // namespace berth::config
