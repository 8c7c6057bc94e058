#include "app/config_reload.h"

#include "app/berth_schemas.h"
#include "app/host_route.h"
#include "log/logger.h"
#include "log/utc_time.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>

namespace berth::app {
namespace {

bool only_whitespace(const std::string& text) {
  return std::all_of(text.begin(), text.end(),
                     [](unsigned char c) { return std::isspace(c) != 0; });
}

}  // namespace

std::vector<std::string> keys_needing_restart(const config::HostConfig& a,
                                              const config::HostConfig& b) {
  std::vector<std::string> keys;
  auto diff = [&](const char* key, bool differs) {
    if (differs) keys.emplace_back(key);
  };
  const auto &s = a.server, &t = b.server;
  diff("server.socket", s.socket != t.socket);
  diff("server.socket_mode", s.socket_mode != t.socket_mode);
  diff("server.tcp", s.tcp.has_value() != t.tcp.has_value() ||
                         (s.tcp && (s.tcp->host != t.tcp->host || s.tcp->port != t.tcp->port)));
  diff("server.io_threads", s.io_threads != t.io_threads);
  diff("server.worker_threads", s.worker_threads != t.worker_threads);
  diff("server.backlog", s.backlog != t.backlog);
  diff("server.max_request_bytes", s.max_request_bytes != t.max_request_bytes);
  diff("server.max_json_depth", s.max_json_depth != t.max_json_depth);
  diff("server.header_timeout", s.header_timeout != t.header_timeout);
  diff("server.body_timeout", s.body_timeout != t.body_timeout);
  diff("server.idle_timeout", s.idle_timeout != t.idle_timeout);
  diff("server.shutdown_timeout", s.shutdown_timeout != t.shutdown_timeout);
  diff("data_dir", a.data_dir != b.data_dir);
  diff("watch_plugins", a.watch_plugins != b.watch_plugins);
  diff("log.level", a.log.level != b.log.level);
  diff("log.format", a.log.json != b.log.json);
  diff("log.buffer_lines", a.log.buffer_lines != b.log.buffer_lines);
  diff("log.requests", a.log.requests != b.log.requests);
  diff("log.slow_request", a.log.slow_request != b.log.slow_request);
  diff("tasks.workers", a.tasks.workers != b.tasks.workers);
  diff("tasks.queue_capacity", a.tasks.queue_capacity != b.tasks.queue_capacity);
  const auto &u = a.tasks, &v = b.tasks;
  diff("tasks.max_params_bytes", u.max_params_bytes != v.max_params_bytes);
  diff("tasks.max_result_bytes", u.max_result_bytes != v.max_result_bytes);
  diff("tasks.max_log_line_bytes", u.max_log_line_bytes != v.max_log_line_bytes);
  diff("tasks.log_tail_lines", u.log_tail_lines != v.log_tail_lines);
  diff("tasks.retention.max_age", u.retention.max_age != v.retention.max_age);
  diff("tasks.retention.max_jobs", u.retention.max_jobs != v.retention.max_jobs);
  diff("tasks.retention.interval", u.retention.interval != v.retention.interval);
  return keys;
}

nlohmann::json to_json(const ReloadOutcome& o) {
  nlohmann::json plugins = nlohmann::json::array();
  for (const auto& c : o.plugins) plugins.push_back(plugins::to_json(c));
  return {{"at", o.at},           {"trigger", o.trigger},
          {"ok", o.ok},           {"rejected", o.rejected},
          {"message", o.message}, {"restart_required", o.restart_required},
          {"plugins", plugins}};
}

nlohmann::json config_view(const config::HostConfig& config) {
  nlohmann::json files = nlohmann::json::array();
  files.push_back({{"path", config.source}, {"role", "shipped"}});
  if (!config.overlay.empty()) {
    std::error_code ec;
    files.push_back({{"path", config.overlay},
                     {"role", "overlay"},
                     {"exists", std::filesystem::exists(config.overlay, ec)}});
  }
  nlohmann::json origins = nlohmann::json::object();
  // Maps the overlay merged into have no single origin (line 0): their values have.
  for (const auto& [pointer, mark] : config.origins)
    if (mark.line > 0)
      origins[pointer] =
          mark.file + ":" + std::to_string(mark.line) + ":" + std::to_string(mark.column);
  return {{"source", config.source},
          {"overlay",
           config.overlay.empty() ? nlohmann::json(nullptr) : nlohmann::json(config.overlay)},
          {"files", files},
          {"effective", config.document},
          {"origins", origins}};
}

ConfigReloader::ConfigReloader(std::string path, std::string overlay, config::Environment env,
                               const config::HostConfig& running, plugins::PluginManager& plugins,
                               std::chrono::milliseconds drain)
    : path_(std::move(path)),
      overlay_(std::move(overlay)),
      env_(std::move(env)),
      running_(running),
      plugins_(plugins),
      drain_(drain),
      view_(config_view(running)) {}

ReloadOutcome ConfigReloader::reload(std::string_view trigger) noexcept {
  std::lock_guard lock(reload_mu_);
  ReloadOutcome outcome;
  try {
    outcome = apply(trigger);
  } catch (const std::exception& e) {
    outcome.at = log::utc_timestamp(std::chrono::system_clock::now());
    outcome.trigger = std::string(trigger);
    outcome.message = std::string("reload failed: ") + e.what();
    log::error("config reload failed",
               {{"file", path_}, {"overlay", overlay_}, {"error", e.what()}});
  }
  try {
    record(outcome);
  } catch (...) {
  }
  return outcome;
}

ReloadOutcome ConfigReloader::apply(std::string_view trigger) {
  ReloadOutcome o;
  o.at = log::utc_timestamp(std::chrono::system_clock::now());
  o.trigger = std::string(trigger);
  auto reject = [&](std::string message) {
    o.rejected = true;
    o.message = std::move(message);
    log::error("config reload rejected; the running config stays",
               {{"file", path_}, {"trigger", o.trigger}, {"error", o.message}});
    return o;
  };
  config::HostConfig next;
  try {
    const std::vector<config::ConfigText> texts = config::read_config_files(path_, overlay_);
    // An editor that truncates before writing leaves an empty file for a moment; as a config it
    // would mean "no plugins", which is never what was meant.
    for (const config::ConfigText& file : texts)
      if (!file.missing && only_whitespace(file.text))
        return reject(file.name + ": the file is empty");
    next = config::load_texts(texts, env_);
  } catch (const config::ConfigError& e) {
    return reject(e.what());
  }
  std::vector<std::string> problems = plugins_.check_reload(next);
  if (!problems.empty()) {
    std::string joined;
    for (const auto& p : problems) joined += (joined.empty() ? "" : "\n") + p;
    return reject(joined);
  }
  o.restart_required = keys_needing_restart(running_, next);
  o.plugins = plugins_.reload(next, drain_);
  {
    std::lock_guard lock(status_mu_);
    view_ = config_view(next);
  }
  std::string errors;
  for (const auto& c : o.plugins)
    if (!c.error.empty())
      errors += (errors.empty() ? "" : "\n") + ("plugin '" + c.plugin + "': " + c.error);
  o.ok = errors.empty();
  o.message = !errors.empty()     ? errors
              : o.plugins.empty() ? "no plugin changes"
                                  : std::to_string(o.plugins.size()) + " plugin change(s) applied";
  if (!o.restart_required.empty()) {
    log::warn("config changes need a restart to apply",
              {{"keys", o.restart_required}, {"file", path_}});
    o.message += "; restart to apply " + std::to_string(o.restart_required.size()) + " key(s)";
  }
  nlohmann::json changes = nlohmann::json::array();
  for (const auto& c : o.plugins) changes.push_back(plugins::to_json(c));
  if (o.ok) {
    log::info("config reloaded", {{"file", path_}, {"trigger", o.trigger}, {"plugins", changes}});
  } else {
    log::error("config reloaded with errors",
               {{"file", path_}, {"trigger", o.trigger}, {"plugins", changes}});
  }
  return o;
}

void ConfigReloader::record(const ReloadOutcome& outcome) {
  std::lock_guard lock(status_mu_);
  ++(outcome.ok ? counts_.applied : outcome.rejected ? counts_.rejected : counts_.partial);
  last_ = outcome;
}

ReloadCounts ConfigReloader::counts() const {
  std::lock_guard lock(status_mu_);
  return counts_;
}

nlohmann::json ConfigReloader::status() const {
  std::lock_guard lock(status_mu_);
  nlohmann::json status = view_;
  status["reloads"] = counts_.applied + counts_.partial + counts_.rejected;
  status["failures"] = counts_.partial + counts_.rejected;
  status["last_reload"] = last_ ? to_json(*last_) : nlohmann::json(nullptr);
  return status;
}

void add_config_route(routing::RouteTable& table, const ConfigReloader* reloader,
                      const config::HostConfig& running, std::string watch) {
  routing::Route r = host_route(
      Method::get, "/_berth/config",
      contract::RouteContract::from(
          {.summary = "The running config: every value with its file and line, and reload status",
           .name = "config",
           .responses = {{200, schemas::config()}}}));
  nlohmann::json fixed = config_view(running);
  fixed["reloads"] = 0;
  fixed["failures"] = 0;
  fixed["last_reload"] = nullptr;
  r.handler = [reloader, fixed = std::move(fixed), watch = std::move(watch)](Request&) noexcept {
    try {
      nlohmann::json status = reloader ? reloader->status() : fixed;
      status["watch"] = watch;
      return Response::json(status);
    } catch (const std::exception& e) {
      return Response::error_json(500, e.what());
    }
  };
  std::vector<routing::Route> routes;
  routes.push_back(std::move(r));
  if (auto added = table.add(std::move(routes)); !added) throw std::logic_error(added.error());
}

}  // namespace berth::app
