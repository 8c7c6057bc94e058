// Live reload of the plugin list: PluginManager::check_reload and PluginManager::reload.
#include "log/logger.h"
#include "plugins/config_schema.h"
#include "plugins/plugin_slot.h"

#include <algorithm>

namespace berth::plugins {

namespace {

bool same_entry(const config::PluginEntry& a, const config::PluginEntry& b) {
  return a.name == b.name && a.path == b.path && a.enabled == b.enabled && a.mount == b.mount &&
         a.required == b.required && a.isolation == b.isolation && a.config == b.config;
}

// `a` with what `b` says for the fields `fields` picks: what is left to compare.
template <class Fields>
bool same_but(config::PluginEntry a, const config::PluginEntry& b, Fields fields) {
  fields(a, b);
  return same_entry(a, b);
}

}  // namespace

nlohmann::json to_json(const PluginChange& c) {
  return {{"plugin", c.plugin},
          {"action", c.action},
          {"ok", c.error.empty()},
          {"error", c.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.error)}};
}

std::vector<std::string> PluginManager::check_reload(const config::HostConfig& next) const {
  std::vector<std::string> problems;
  for (const auto& entry : next.plugins) {
    if (!entry.enabled) continue;
    const Slot* p = find(entry.name);
    // What already runs unchanged needs no check; a plugin that failed at start and whose entry
    // is untouched is not this file's fault.
    if (p && same_entry(p->entry, entry)) continue;
    auto path = resolve_plugin_path(entry, next.plugin_dirs);
    if (!path) {
      problems.push_back(path.error());
      continue;
    }
    auto opened = open_instance(entry, *path, {});
    if (!opened) problems.push_back(opened.error());
  }
  return problems;
}

Expected<void> PluginManager::replace_instance(Slot& slot, const config::PluginEntry& entry,
                                               const std::string& path,
                                               std::chrono::milliseconds drain, bool rebuilt) {
  auto opened = open_instance(entry, path, library_load());
  if (!opened) return unexpected(std::move(opened).error());
  return install(slot, std::move(*opened), drain, rebuilt);
}

std::vector<PluginChange> PluginManager::reload(const config::HostConfig& next,
                                                std::chrono::milliseconds drain) {
  std::lock_guard change(change_mu_);
  std::vector<PluginChange> changes;
  auto entry_of = [&](std::string_view name) -> const config::PluginEntry* {
    for (const auto& e : next.plugins)
      if (e.name == name) return &e;
    return nullptr;
  };
  auto stays = [&](const Slot& q) {
    const auto* e = entry_of(q.entry.name);
    return e && e->enabled;
  };

  // Removed or disabled: stop, reverse start order, unless something that stays needs it.
  const std::vector<Slot*> started = started_;
  for (auto it = started.rbegin(); it != started.rend(); ++it) {
    Slot* p = *it;
    if (stays(*p)) continue;
    std::string needed_by;
    for (Slot* q : started_) {
      const auto& deps = q->instance->depends();
      if (q != p && stays(*q) && std::find(deps.begin(), deps.end(), p->entry.name) != deps.end())
        needed_by = q->entry.name;
    }
    if (!needed_by.empty()) {
      changes.push_back(
          {p->entry.name, "stopped", "plugin '" + needed_by + "' depends on it; restart to apply"});
      continue;
    }
    stop_slot(*p, entry_of(p->entry.name) ? PluginState::disabled : PluginState::stopped, drain);
    changes.push_back({p->entry.name, "stopped", ""});
  }
  {
    std::lock_guard lock(mutex_);
    std::erase_if(plugins_,
                  [&](const auto& p) { return !entry_of(p->entry.name) && !p->instance; });
  }

  // Changed and running: only `required` is recorded; only `config:` goes to its on_config when
  // it has one; anything else, a new instance.
  for (const auto& entry : next.plugins) {
    Slot* p = find(entry.name);
    if (!entry.enabled || !p || !p->instance || same_entry(p->entry, entry)) continue;
    auto path = resolve_plugin_path(entry, next.plugin_dirs);
    if (!path) {
      changes.push_back({entry.name, "reloaded", path.error()});
      continue;
    }
    const bool same_library = *path == p->instance->path();
    auto take_required = [](config::PluginEntry& a, const config::PluginEntry& b) {
      a.required = b.required;
    };
    if (same_library && same_but(p->entry, entry, take_required)) {
      p->entry.required = entry.required;
      update(*p, [&](PluginStatus& s) { s.required = entry.required; });
      changes.push_back({entry.name, "updated", ""});
      continue;
    }
    auto take_config = [](config::PluginEntry& a, const config::PluginEntry& b) {
      a.config = b.config;
      a.required = b.required;
    };
    PluginContextImpl* context = p->instance->context();
    if (same_library && same_but(p->entry, entry, take_config) && context->has_config_handler()) {
      Expected<void> configured;
      if (const char* schema = p->instance->descriptor().config_schema) {
        auto problems = check_plugin_config(entry, schema, *path);
        if (!problems.empty())
          configured = unexpected(std::string(config::ConfigError(std::move(problems)).what()));
      }
      if (configured) configured = context->apply_config(entry.config);
      if (configured) {
        p->entry = entry;
        update(*p, [&](PluginStatus& s) { s.required = entry.required; });
        log::info("plugin configured", {{"plugin", entry.name}});
        changes.push_back({entry.name, "configured", ""});
      } else {
        log::error("plugin refused its new config; it keeps the old one",
                   {{"plugin", entry.name}, {"error", configured.error()}});
        changes.push_back(
            {entry.name, "configured", "refused its new config: " + configured.error()});
      }
      continue;
    }
    auto installed = replace_instance(*p, entry, *path, drain);
    if (installed) {
      log::info("plugin reloaded", {{"plugin", entry.name}, {"mount", p->status.mount}});
      changes.push_back({entry.name, "reloaded", ""});
    } else {
      log::error("plugin reload failed; the running instance keeps serving",
                 {{"plugin", entry.name}, {"error", installed.error()}});
      changes.push_back({entry.name, "reloaded", installed.error()});
    }
  }

  // Added, enabled again, or fixed after a failure: started as the host starts them.
  Pending pending;
  for (const auto& entry : next.plugins) {
    Slot* p = find(entry.name);
    if (!entry.enabled) {
      if (p && !p->instance) {
        p->entry = entry;
        update(*p, [](PluginStatus& s) {
          s.state = PluginState::disabled;
          s.error.clear();
        });
      }
      continue;
    }
    if (p && (p->instance || same_entry(p->entry, entry))) continue;
    if (!p) p = &add_slot(entry);
    p->entry = entry;
    update(*p, [&](PluginStatus& s) {
      s.mount = entry.mount.value_or("/" + entry.name);
      s.required = entry.required;
      s.error.clear();
    });
    if (auto instance = open_for(*p, entry, next.plugin_dirs))
      pending.emplace_back(p, std::move(instance));
    else
      changes.push_back({entry.name, "started", p->status.error});
  }
  for (Slot* p : start_in_order(std::move(pending), {}))
    changes.push_back({p->entry.name, "started", p->instance ? "" : p->status.error});
  return changes;
}

}  // namespace berth::plugins
