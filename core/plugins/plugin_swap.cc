// Live swap of rebuilt plugin libraries: PluginManager::swap_library and library_paths.
#include "log/logger.h"
#include "plugins/plugin_slot.h"

#include <algorithm>

namespace berth::plugins {

std::vector<std::string> PluginManager::library_paths() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> paths;
  for (const auto& p : plugins_)
    if (p->entry.enabled && !p->status.path.empty() &&
        std::find(paths.begin(), paths.end(), p->status.path) == paths.end())
      paths.push_back(p->status.path);
  return paths;
}

std::vector<PluginChange> PluginManager::swap_library(const std::string& path,
                                                      std::chrono::milliseconds drain) {
  std::lock_guard change(change_mu_);
  std::vector<PluginChange> changes;
  const std::vector<Slot*> started = started_;
  for (Slot* p : started) {
    if (!p->instance || p->instance->path() != path) continue;
    const std::string& name = p->entry.name;
    auto swapped = replace_instance(*p, p->entry, path, drain, true);
    if (swapped) {
      log::info(kLibrarySwappedMessage, {{"plugin", name}, {"path", path}});
      changes.push_back({name, "swapped", ""});
    } else {
      update(*p, [&](PluginStatus& s) { s.swap_error = swapped.error(); });
      log::error(kLibraryRefusedMessage,
                 {{"plugin", name}, {"path", path}, {"error", swapped.error()}});
      changes.push_back({name, "swapped", swapped.error()});
    }
  }

  // A plugin whose library failed to load or register at start (a broken first build) starts
  // once the rebuilt one works.
  Pending pending;
  {
    std::vector<Slot*> failed;
    {
      std::lock_guard lock(mutex_);
      for (const auto& p : plugins_)
        if (p->entry.enabled && !p->instance && p->status.state == PluginState::failed &&
            p->status.path == path)
          failed.push_back(p.get());
    }
    for (Slot* p : failed) {
      if (auto instance = open_at(*p, p->entry, path))
        pending.emplace_back(p, std::move(instance));
      else
        changes.push_back({p->entry.name, "started", p->status.error});
    }
  }
  for (Slot* p : start_in_order(std::move(pending), {}))
    changes.push_back({p->entry.name, "started", p->instance ? "" : p->status.error});
  return changes;
}

}  // namespace berth::plugins
