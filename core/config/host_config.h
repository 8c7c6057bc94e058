#pragma once
// The host's configuration after YAML parsing, ${VAR} expansion, BERTH_* overrides and validation.
#include <berth/json_depth.h>
#include <berth/log.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace berth::config {

// Where a value came from, for messages: "berth.yaml:12:5".
struct Mark {
  std::string file;
  int line = 0;    // 1-based; 0 when not from a file (default, env, command line)
  int column = 0;  // 1-based
};

// Where each value of a plugin's config section was written, by JSON pointer into the section
// ("" is the section itself, "/commands/0" its first command), so that a plugin's config schema
// errors can name the YAML line.
using ConfigMarks = std::map<std::string, Mark>;

struct TcpListenerConfig {
  std::string host = "127.0.0.1";
  int port = 0;  // 0 picks a free port
};

struct ServerConfig {
  std::string socket = "/run/guest-services/backend.sock";
  std::uint32_t socket_mode = 0660;
  std::optional<TcpListenerConfig> tcp;
  int io_threads = 2;
  int worker_threads = 16;
  int backlog = 4096;
  std::size_t max_request_bytes = 1024 * 1024;
  int max_json_depth = static_cast<int>(kDefaultMaxJsonDepth);  // request bodies; 400 above it
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{30'000};
  std::chrono::milliseconds idle_timeout{60'000};
  std::chrono::milliseconds shutdown_timeout{5'000};
};

// Which requests get a request-log line, independently of the level (their lines are info, 5xx
// error).
enum class RequestLogMode { all, errors, off };

struct LogConfig {
  LogLevel level = LogLevel::info;
  bool json = true;         // false: human-readable text
  int buffer_lines = 1000;  // the last lines kept in memory for GET /_berth/logs
  RequestLogMode requests = RequestLogMode::all;
  std::chrono::milliseconds slow_request{1000};  // with `errors`: slower requests are logged too
};

// Finished jobs kept in berth.db: those older than max_age, and beyond the newest max_jobs, are
// deleted (at start and every interval). Queued and running jobs are never deleted.
struct JobRetentionConfig {
  std::chrono::milliseconds max_age{std::chrono::hours(7 * 24)};
  int max_jobs = 1000;
  std::chrono::milliseconds interval{std::chrono::minutes(1)};
};

// The pool that runs periodic tasks and jobs (never HTTP threads), and what one job may keep.
struct TasksConfig {
  int workers = 4;
  int queue_capacity = 256;                   // queued jobs across all plugins; more get 503
  std::size_t max_params_bytes = 64 * 1024;   // a larger start is refused with 413
  std::size_t max_result_bytes = 256 * 1024;  // a larger result fails the job
  std::size_t max_log_line_bytes = 8 * 1024;  // longer log lines and messages are cut, marked
  int log_tail_lines = 200;                   // log lines kept per job
  JobRetentionConfig retention;
};

// Where a plugin's code runs. In its own process a crash (a signal, an abort, a hung handler) takes
// only that plugin down: the host answers its requests 503 and restarts it.
enum class IsolationMode { in_process, process };

struct IsolationConfig {
  IsolationMode mode = IsolationMode::in_process;
  // A request the child has not answered by then is taken as a hung child: it is killed and
  // restarted (the watchdog).
  std::chrono::milliseconds deadline{30'000};
  // This many crashes within crash_window and the plugin stays failed until its entry changes.
  int max_crashes = 5;
  std::chrono::milliseconds crash_window{60'000};
  // Limits of the child (setrlimit before exec); 0: the host's. `memory` caps the address space
  // (RLIMIT_AS), which counts every thread's stack reservation too: an allocation past it fails
  // in the plugin (std::bad_alloc, a 500) instead of growing until the kernel kills something.
  std::size_t memory = 0;
  int open_files = 0;  // RLIMIT_NOFILE

  bool operator==(const IsolationConfig&) const = default;
};

struct PluginEntry {
  std::string name;
  std::string path;  // explicit .so path; empty: search plugin_dirs for <name>.so
  bool enabled = true;
  std::optional<std::string> mount;  // default "/<name>"
  bool required = false;
  IsolationConfig isolation;
  nlohmann::json config = nlohmann::json::object();
  Mark mark;                 // where the entry starts
  std::string config_path;   // "plugins[1].config", for messages
  ConfigMarks config_marks;  // empty when the entry has no config section
};

struct HostConfig {
  std::string source;   // the file it was read from (the shipped config)
  std::string overlay;  // the user's file merged over it; empty: none
  // The merged document as written (a ${} reference as written, not its value; without defaults
  // and BERTH_* overrides) and where each value of it was written, by JSON pointer: what
  // /_berth/config shows.
  nlohmann::json document = nlohmann::json::object();
  ConfigMarks origins;
  ServerConfig server;
  std::string data_dir = "/var/lib/berth";
  LogConfig log;
  TasksConfig tasks;
  std::vector<std::string> plugin_dirs;  // relative entries are resolved against the file's folder
  // A rebuilt plugin library is loaded and swapped in while the host runs (berth dev turns it on).
  bool watch_plugins = false;
  std::vector<PluginEntry> plugins;
};

}  // namespace berth::config
