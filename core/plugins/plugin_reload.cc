// Live reload of the plugin list: PluginManager::check_reload and PluginManager::reload.
#include "log/logger.h"
#include "plugins/config_schema.h"
#include "plugins/managed_plugin.h"

#include <algorithm>
#include <thread>

namespace berth::plugins {

namespace {

using RouteRefs = std::vector<std::shared_ptr<const routing::Route>>;

std::string mount_of(const config::PluginEntry& entry) {
  return entry.mount.value_or("/" + entry.name);
}

bool same_entry(const config::PluginEntry& a, const config::PluginEntry& b) {
  return a.name == b.name && a.path == b.path && a.enabled == b.enabled && a.mount == b.mount &&
         a.required == b.required && a.config == b.config;
}

// True once no request holds any of `routes` (they are out of the table, so only this list and
// requests already dispatched to them can), false at the deadline.
bool drained(const RouteRefs& routes, std::chrono::milliseconds drain) {
  const auto until = std::chrono::steady_clock::now() + drain;
  for (;;) {
    if (std::all_of(routes.begin(), routes.end(), [](const auto& r) { return r.use_count() == 1; }))
      return true;
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

}  // namespace

nlohmann::json to_json(const PluginChange& c) {
  return {{"plugin", c.plugin},
          {"action", c.action},
          {"ok", c.error.empty()},
          {"error", c.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.error)}};
}

PluginManager::Plugin* PluginManager::find(std::string_view name) const {
  for (const auto& p : plugins_)
    if (p->status.name == name) return p.get();
  return nullptr;
}

std::vector<std::string> PluginManager::check_reload(const config::HostConfig& next) const {
  std::vector<std::string> problems;
  for (const auto& entry : next.plugins) {
    if (!entry.enabled) continue;
    const Plugin* p = find(entry.name);
    // What already runs unchanged needs no check; a plugin that failed at start and whose entry
    // is untouched is not this file's fault.
    if (p && same_entry(p->entry, entry)) continue;
    std::string error;
    std::string path = resolve_or_explain(entry, next.plugin_dirs, error);
    if (path.empty()) {
      problems.push_back(error);
      continue;
    }
    Opened opened = open_checked(entry, path);
    if (!opened.library) problems.push_back(opened.error);
  }
  return problems;
}

void PluginManager::retire(std::unique_ptr<PluginContextImpl> context,
                           std::unique_ptr<PluginLibrary> library, RouteRefs routes,
                           std::chrono::milliseconds drain) {
  if (library) retired_libraries_.push_back(std::move(library));
  if (!context) return;
  if (!drained(routes, drain)) {
    // Its stop hooks may free what those requests use: they run at host shutdown instead.
    log::warn("requests still in flight on a stopped plugin instance; it stops at shutdown",
              {{"plugin", std::string(context->name())}, {"drain_ms", drain.count()}});
    lingering_.push_back(
        std::make_unique<Lingering>(Lingering{std::move(routes), std::move(context)}));
    return;
  }
  routes.clear();
  context->run_stop_hooks();
  context.reset();
}

void PluginManager::stop_lingering() noexcept {
  for (auto& l : lingering_) {
    l->routes.clear();
    l->context->run_stop_hooks();
    l->context.reset();
  }
  lingering_.clear();
}

void PluginManager::stop_live(Plugin& p, PluginState final_state, std::chrono::milliseconds drain) {
  RouteRefs routes = table_.remove_owner(p.status.name);
  if (services_.deactivate) services_.deactivate(p.status.name);
  started_.erase(std::remove(started_.begin(), started_.end(), &p), started_.end());
  retire(std::move(p.context), std::move(p.library), std::move(routes), drain);
  {
    std::lock_guard lock(mutex_);
    p.status.state = final_state;
    p.status.routes.clear();
  }
  log::info("plugin stopped", {{"plugin", p.status.name}, {"reason", "config reload"}});
}

std::string PluginManager::replace_instance(Plugin& p, const config::PluginEntry& entry,
                                            const std::string& path,
                                            std::chrono::milliseconds drain) {
  Opened opened = open_checked(entry, path);
  if (!opened.library) return opened.error;
  const std::string mount = mount_of(entry);
  auto context = std::make_unique<PluginContextImpl>(entry.name, mount, entry.config, services_,
                                                     p.context.get());
  char error[1024] = {0};
  int rc = opened.library->descriptor().register_plugin(context.get(), error, sizeof error);
  std::string failure;
  if (rc != 0) failure = *error ? error : "register function failed without a reason";
  if (failure.empty() && !context->errors().empty()) failure = context->errors().front();
  std::vector<std::string> route_names;
  RouteRefs old_routes;
  if (failure.empty()) {
    std::vector<routing::Route> routes = context->take_routes();
    if (services_.host_routes) {
      for (auto& r : services_.host_routes(*context)) routes.push_back(std::move(r));
    }
    // The counters in /_berth/plugins go on across instances.
    auto stats = p.status.stats ? p.status.stats : std::make_shared<routing::OwnerStats>();
    for (auto& r : routes) {
      r.stats = stats;
      route_names.push_back(std::string(to_string(r.method)) + " " + r.pattern.text);
    }
    if (auto conflict = table_.replace_owner(entry.name, std::move(routes), old_routes))
      failure = *conflict;
  }
  if (!failure.empty()) {
    context->run_stop_hooks();
    context.reset();
    retired_libraries_.push_back(std::move(opened.library));
    return "the new instance failed to register: " + failure;
  }
  // The task host knows a plugin by name: the old instance's tasks stop before the new one's start.
  if (services_.deactivate) services_.deactivate(entry.name);
  if (services_.activate) services_.activate(*context);
  auto old_context = std::move(p.context);
  auto old_library = std::move(p.library);
  p.depends = split_depends(opened.library->descriptor().depends);
  p.context = std::move(context);
  p.library = std::move(opened.library);
  p.entry = entry;
  p.config = entry.config;
  {
    std::lock_guard lock(mutex_);
    p.status.mount = mount;
    p.status.path = path;
    p.status.required = entry.required;
    p.status.routes = std::move(route_names);
  }
  retire(std::move(old_context), std::move(old_library), std::move(old_routes), drain);
  return {};
}

std::string PluginManager::start_live(Plugin& p, const config::PluginEntry& entry,
                                      const std::vector<std::string>& plugin_dirs) {
  std::string error;
  std::string path = resolve_or_explain(entry, plugin_dirs, error);
  if (path.empty()) return error;
  Opened opened = open_checked(entry, path);
  if (!opened.library) return opened.error;
  const PluginDescriptor& d = opened.library->descriptor();
  if (p.library) retired_libraries_.push_back(std::move(p.library));
  p.library = std::move(opened.library);
  p.depends = split_depends(d.depends);
  p.entry = entry;
  p.config = entry.config;
  std::lock_guard lock(mutex_);
  p.status.path = path;
  p.status.mount = mount_of(entry);
  p.status.required = entry.required;
  p.status.version = d.version ? d.version : "";
  p.status.description = d.description ? d.description : "";
  p.status.error.clear();
  return {};
}

std::vector<PluginChange> PluginManager::reload(const config::HostConfig& next,
                                                std::chrono::milliseconds drain) {
  std::vector<PluginChange> changes;
  auto entry_of = [&](std::string_view name) -> const config::PluginEntry* {
    for (const auto& e : next.plugins)
      if (e.name == name) return &e;
    return nullptr;
  };
  auto stays = [&](const Plugin& q) {
    const auto* e = entry_of(q.status.name);
    return e && e->enabled;
  };

  // Removed or disabled: stop, reverse start order, unless something that stays needs it.
  const std::vector<Plugin*> started = started_;
  for (auto it = started.rbegin(); it != started.rend(); ++it) {
    Plugin* p = *it;
    if (stays(*p)) continue;
    std::string needed_by;
    for (Plugin* q : started_) {
      if (q != p && stays(*q) &&
          std::find(q->depends.begin(), q->depends.end(), p->status.name) != q->depends.end())
        needed_by = q->status.name;
    }
    if (!needed_by.empty()) {
      changes.push_back({p->status.name, "stopped",
                         "plugin '" + needed_by + "' depends on it; restart to apply"});
      continue;
    }
    stop_live(*p, entry_of(p->status.name) ? PluginState::disabled : PluginState::stopped, drain);
    changes.push_back({p->status.name, "stopped", ""});
  }
  {
    std::lock_guard lock(mutex_);
    std::erase_if(plugins_, [&](const auto& p) {
      return !entry_of(p->status.name) && p->status.state != PluginState::running;
    });
  }

  // Changed and running: its on_config when only `config:` changed and it has one, else a new
  // instance.
  for (const auto& entry : next.plugins) {
    Plugin* p = find(entry.name);
    if (!entry.enabled || !p || p->status.state != PluginState::running) continue;
    if (same_entry(p->entry, entry)) continue;
    std::string error;
    std::string path = resolve_or_explain(entry, next.plugin_dirs, error);
    if (path.empty()) {
      changes.push_back({entry.name, "reloaded", error});
      continue;
    }
    config::PluginEntry only_required = p->entry;
    only_required.required = entry.required;
    if (same_entry(only_required, entry) && path == p->status.path) {
      p->entry.required = entry.required;
      std::lock_guard lock(mutex_);
      p->status.required = entry.required;
      changes.push_back({entry.name, "updated", ""});
      continue;
    }
    config::PluginEntry with_config = p->entry;
    with_config.config = entry.config;
    with_config.required = entry.required;
    const bool config_only = same_entry(with_config, entry) && path == p->status.path;
    if (config_only && p->context->has_config_handler()) {
      std::string refusal;
      if (const char* schema = p->library->descriptor().config_schema) {
        auto problems = check_plugin_config(entry, schema, path);
        if (!problems.empty()) refusal = config::ConfigError(std::move(problems)).what();
      }
      if (refusal.empty()) refusal = p->context->apply_config(entry.config);
      if (refusal.empty()) {
        p->entry = entry;
        p->config = entry.config;
        log::info("plugin configured", {{"plugin", entry.name}});
        changes.push_back({entry.name, "configured", ""});
      } else {
        log::error("plugin refused its new config; it keeps the old one",
                   {{"plugin", entry.name}, {"error", refusal}});
        changes.push_back({entry.name, "configured", "refused its new config: " + refusal});
      }
      continue;
    }
    std::string failure = replace_instance(*p, entry, path, drain);
    if (failure.empty()) {
      log::info("plugin reloaded", {{"plugin", entry.name}, {"mount", p->status.mount}});
    } else {
      log::error("plugin reload failed; the running instance keeps serving",
                 {{"plugin", entry.name}, {"error", failure}});
    }
    changes.push_back({entry.name, "reloaded", failure});
  }

  // Added, enabled again, or fixed after a failure: started in dependency order.
  std::vector<std::pair<Plugin*, const config::PluginEntry*>> pending;
  for (const auto& entry : next.plugins) {
    Plugin* p = find(entry.name);
    if (!entry.enabled) {
      if (p && p->status.state != PluginState::running) {
        p->entry = entry;
        std::lock_guard lock(mutex_);
        p->status.state = PluginState::disabled;
        p->status.error.clear();
      }
      continue;
    }
    if (p && (p->status.state == PluginState::running || same_entry(p->entry, entry))) continue;
    if (!p) {
      auto fresh = std::make_unique<Plugin>();
      fresh->status.name = entry.name;
      fresh->entry = entry;
      p = fresh.get();
      std::lock_guard lock(mutex_);
      plugins_.push_back(std::move(fresh));
    }
    if (auto error = start_live(*p, entry, next.plugin_dirs); !error.empty()) {
      set_failed(*p, error);
      changes.push_back({entry.name, "started", error});
      continue;
    }
    pending.emplace_back(p, &entry);
  }
  auto is_pending = [&](const std::string& name) {
    return std::any_of(pending.begin(), pending.end(),
                       [&](const auto& q) { return q.first->status.name == name; });
  };
  while (!pending.empty()) {
    auto ready = std::find_if(pending.begin(), pending.end(), [&](const auto& q) {
      return std::none_of(q.first->depends.begin(), q.first->depends.end(), is_pending);
    });
    if (ready == pending.end()) ready = pending.begin();  // a cycle: its dependency check fails
    Plugin* p = ready->first;
    pending.erase(ready);
    std::string missing;
    for (const auto& dep : p->depends) {
      const Plugin* d = find(dep);
      if (!d || d->status.state != PluginState::running)
        missing =
            "plugin '" + p->status.name + "' depends on plugin '" + dep + "', which is not running";
    }
    if (missing.empty()) {
      register_plugin(*p);
      if (p->status.state != PluginState::running) p->context.reset();
    } else {
      set_failed(*p, missing);
    }
    std::lock_guard lock(mutex_);
    changes.push_back({p->status.name, "started",
                       p->status.state == PluginState::running ? "" : p->status.error});
  }
  return changes;
}

}  // namespace berth::plugins
