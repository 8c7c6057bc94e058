#pragma once
// PluginManager's record of one configured plugin, shared by its start/stop (plugin_manager.cc)
// and live reload (plugin_reload.cc) halves.
#include "plugins/plugin_manager.h"

namespace berth::plugins {

struct PluginManager::Slot {
  config::PluginEntry entry;  // as last applied (start or reload)
  PluginStatus status;        // changed only through update()
  // Shared by the plugin's successive instances: one database file, and counters that go on.
  std::shared_ptr<DatabaseSlot> database;
  std::shared_ptr<routing::OwnerStats> stats = std::make_shared<routing::OwnerStats>();
  std::unique_ptr<PluginInstance> instance;  // the one serving, while running
};

template <class Change>
void PluginManager::update(Slot& slot, Change&& change) {
  std::lock_guard lock(mutex_);
  change(slot.status);
}

}  // namespace berth::plugins
