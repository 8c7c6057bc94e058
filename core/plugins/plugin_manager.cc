#include "plugins/plugin_manager.h"

#include "log/logger.h"
#include "plugins/config_schema.h"
#include "plugins/managed_plugin.h"

#include <algorithm>
#include <filesystem>
#include <map>

namespace berth::plugins {

std::vector<std::string> split_depends(const char* text) {
  std::vector<std::string> names;
  std::string current;
  auto flush = [&] {
    auto b = current.find_first_not_of(" \t");
    auto e = current.find_last_not_of(" \t");
    if (b != std::string::npos) names.push_back(current.substr(b, e - b + 1));
    current.clear();
  };
  for (const char* p = text ? text : ""; *p; ++p) {
    if (*p == ',')
      flush();
    else
      current += *p;
  }
  flush();
  return names;
}

std::string_view to_string(PluginState state) noexcept {
  switch (state) {
    case PluginState::disabled: return "disabled";
    case PluginState::failed: return "failed";
    case PluginState::running: return "running";
    case PluginState::stopped: return "stopped";
  }
  return "failed";
}

nlohmann::json to_json(const PluginStatus& s) {
  nlohmann::json j = {
      {"name", s.name},         {"version", s.version}, {"description", s.description},
      {"path", s.path},         {"mount", s.mount},     {"status", to_string(s.state)},
      {"required", s.required}, {"routes", s.routes}};
  j["error"] = s.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.error);
  if (s.stats) {
    j["requests"] = s.stats->requests.load();
    j["server_errors"] = s.stats->server_errors.load();
    j["exceptions"] = s.stats->exceptions.load();
  }
  return j;
}

std::string resolve_plugin_path(const config::PluginEntry& entry,
                                const std::vector<std::string>& plugin_dirs,
                                std::string& searched) {
  if (!entry.path.empty()) return entry.path;
  for (const auto& dir : plugin_dirs) {
    auto candidate = std::filesystem::path(dir) / (entry.name + ".so");
    if (!searched.empty()) searched += ", ";
    searched += candidate.string();
    std::error_code ec;
    if (std::filesystem::is_regular_file(candidate, ec)) return candidate.string();
  }
  return {};
}

PluginManager::PluginManager(routing::RouteTable& table, HostServices services)
    : table_(table), services_(std::move(services)) {}

PluginManager::~PluginManager() {
  stop_all();
  for (auto& p : plugins_) p->context.reset();
  plugins_.clear();  // unloads the libraries, now that nothing of theirs is referenced
  retired_libraries_.clear();
}

void PluginManager::set_failed(Plugin& plugin, std::string error) {
  {
    std::lock_guard lock(mutex_);
    plugin.status.state = PluginState::failed;
    plugin.status.error = std::move(error);
  }
  log::error("plugin failed to start",
             {{"plugin", plugin.status.name}, {"error", plugin.status.error}});
}

Opened open_checked(const config::PluginEntry& entry, const std::string& path) {
  OpenResult opened = open_plugin_library(path);
  if (!opened.library) return {nullptr, opened.error};
  const PluginDescriptor& d = opened.library->descriptor();
  if (entry.name != d.name) {
    return {nullptr,
            path + ": holds plugin '" + d.name + "', but the config entry is '" + entry.name + "'"};
  }
  if (d.config_schema) {
    auto problems = check_plugin_config(entry, d.config_schema, path);
    if (!problems.empty()) return {nullptr, config::ConfigError(std::move(problems)).what()};
  }
  return {std::move(opened.library), {}};
}

std::string resolve_or_explain(const config::PluginEntry& entry,
                               const std::vector<std::string>& plugin_dirs, std::string& error) {
  std::string searched;
  std::string path = resolve_plugin_path(entry, plugin_dirs, searched);
  if (path.empty()) {
    error = "plugin '" + entry.name + "': no " + entry.name +
            ".so in the plugin folders (searched " +
            (searched.empty() ? std::string("nothing: plugin_dirs is empty") : searched) + ")";
  }
  return path;
}

std::vector<std::string> check_plugin_entries(const config::HostConfig& config) {
  std::vector<std::string> errors;
  for (const auto& entry : config.plugins) {
    if (!entry.enabled || entry.name.empty()) continue;
    std::string error;
    const std::string path = resolve_or_explain(entry, config.plugin_dirs, error);
    if (!path.empty()) error = open_checked(entry, path).error;
    if (!error.empty()) errors.push_back(std::move(error));
  }
  return errors;
}

std::vector<std::string> PluginManager::start(const config::HostConfig& config,
                                              std::stop_token stop) {
  std::map<std::string, Plugin*, std::less<>> by_name;
  for (const auto& entry : config.plugins) {
    if (stop.stop_requested()) break;
    auto plugin = std::make_unique<Plugin>();
    plugin->status.name = entry.name;
    plugin->status.mount = entry.mount.value_or("/" + entry.name);
    plugin->status.required = entry.required;
    plugin->config = entry.config;
    plugin->entry = entry;
    by_name[entry.name] = plugin.get();
    Plugin& p = *plugin;
    {
      std::lock_guard lock(mutex_);  // /_berth/plugins may already be asked
      plugins_.push_back(std::move(plugin));
    }
    if (!entry.enabled) {
      p.status.state = PluginState::disabled;
      continue;
    }
    std::string error;
    p.status.path = resolve_or_explain(entry, config.plugin_dirs, error);
    if (p.status.path.empty()) {
      set_failed(p, error);
      continue;
    }
    Opened opened = open_checked(entry, p.status.path);
    if (!opened.library) {
      set_failed(p, opened.error);
      continue;
    }
    const PluginDescriptor& d = opened.library->descriptor();
    p.status.version = d.version ? d.version : "";
    p.status.description = d.description ? d.description : "";
    p.depends = split_depends(d.depends);
    p.library = std::move(opened.library);
  }

  // Kahn's algorithm in config order: a plugin starts after everything it depends on.
  std::vector<Plugin*> pending;
  for (auto& p : plugins_)
    if (p->library) pending.push_back(p.get());
  while (!pending.empty() && !stop.stop_requested()) {
    auto ready = std::find_if(pending.begin(), pending.end(), [&](Plugin* p) {
      return std::none_of(p->depends.begin(), p->depends.end(), [&](const std::string& dep) {
        return std::any_of(pending.begin(), pending.end(),
                           [&](Plugin* q) { return q->status.name == dep; });
      });
    });
    if (ready == pending.end()) {
      std::string cycle;
      for (Plugin* p : pending) cycle += (cycle.empty() ? "" : ", ") + p->status.name;
      for (Plugin* p : pending) set_failed(*p, "dependency cycle among plugins: " + cycle);
      break;
    }
    Plugin* p = *ready;
    pending.erase(ready);
    std::string missing;
    for (const auto& dep : p->depends) {
      auto it = by_name.find(dep);
      if (it == by_name.end())
        missing = "depends on plugin '" + dep + "', which is not configured";
      else if (it->second->status.state != PluginState::running)
        missing = "depends on plugin '" + dep + "', which is " +
                  std::string(to_string(it->second->status.state));
      if (!missing.empty()) break;
    }
    if (!missing.empty()) {
      set_failed(*p, "plugin '" + p->status.name + "' " + missing);
      continue;
    }
    register_plugin(*p);
  }

  std::vector<std::string> fatal;
  for (auto& p : plugins_) {
    if (p->status.state == PluginState::failed) {
      p->context.reset();
      if (p->status.required)
        fatal.push_back("required plugin '" + p->status.name + "': " + p->status.error);
    }
  }
  return fatal;
}

void PluginManager::register_plugin(Plugin& p) {
  p.context =
      std::make_unique<PluginContextImpl>(p.status.name, p.status.mount, p.config, services_);
  char error[1024] = {0};
  int rc = p.library->descriptor().register_plugin(p.context.get(), error, sizeof error);
  std::string failure;
  if (rc != 0) failure = *error ? error : "register function failed without a reason";
  if (failure.empty() && !p.context->errors().empty()) failure = p.context->errors().front();
  std::vector<std::string> route_names;
  auto stats = std::make_shared<routing::OwnerStats>();
  if (failure.empty()) {
    std::vector<routing::Route> routes = p.context->take_routes();
    if (services_.host_routes) {
      for (auto& r : services_.host_routes(*p.context)) routes.push_back(std::move(r));
    }
    for (auto& r : routes) {
      r.stats = stats;
      route_names.push_back(std::string(to_string(r.method)) + " " + r.pattern.text);
    }
    if (auto conflict = table_.add(std::move(routes))) failure = *conflict;
  }
  if (!failure.empty()) {
    // All or nothing: nothing reached the table; undo whatever the plugin set up for itself.
    p.context->run_stop_hooks();
    set_failed(p, "plugin '" + p.status.name + "' failed to register: " + failure);
    return;
  }
  {
    std::lock_guard lock(mutex_);
    p.status.state = PluginState::running;
    p.status.routes = std::move(route_names);
    p.status.stats = std::move(stats);
  }
  started_.push_back(&p);
  if (services_.activate) services_.activate(*p.context);
  log::info("plugin started", {{"plugin", p.status.name},
                               {"version", p.status.version},
                               {"mount", p.status.mount},
                               {"routes", p.status.routes.size()}});
}

void PluginManager::stop_all() noexcept {
  while (!started_.empty()) {
    Plugin* p = started_.back();
    started_.pop_back();
    table_.remove_owner(p->status.name);
    if (services_.deactivate) services_.deactivate(p->status.name);
    p->context->run_stop_hooks();
    {
      std::lock_guard lock(mutex_);
      p->status.state = PluginState::stopped;
    }
    log::info("plugin stopped", {{"plugin", p->status.name}});
  }
  stop_lingering();
}

std::vector<PluginStatus> PluginManager::statuses() const {
  std::lock_guard lock(mutex_);
  std::vector<PluginStatus> out;
  for (const auto& p : plugins_) out.push_back(p->status);
  return out;
}

}  // namespace berth::plugins
