#pragma once
// PluginManager's record of one configured plugin, shared by its start/stop (plugin_manager.cc)
// and live reload (plugin_reload.cc) halves.
#include "plugins/plugin_manager.h"

#include <string>
#include <vector>

namespace berth::plugins {

struct PluginManager::Plugin {
  PluginStatus status;
  config::PluginEntry entry;  // as last applied (start or reload)
  std::vector<std::string> depends;
  nlohmann::json config;
  // Declared before the context: members die in reverse order, and everything the context holds
  // (handlers, hooks) is code from the library.
  std::unique_ptr<PluginLibrary> library;
  std::unique_ptr<PluginContextImpl> context;
};

struct PluginManager::Lingering {
  std::vector<std::shared_ptr<const routing::Route>> routes;
  std::unique_ptr<PluginContextImpl> context;
};

// "a, b" -> {"a", "b"}: a descriptor's `depends`.
std::vector<std::string> split_depends(const char* text);

}  // namespace berth::plugins
