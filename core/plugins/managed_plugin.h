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

// A configured plugin's library, opened and checked: it holds the plugin the entry names, and the
// entry's config section passes the plugin's schema. Otherwise `error` says why.
struct Opened {
  std::unique_ptr<PluginLibrary> library;
  std::string error;
};
Opened open_checked(const config::PluginEntry& entry, const std::string& path);

// Where `entry`'s library is; empty with `error` naming the folders searched.
std::string resolve_or_explain(const config::PluginEntry& entry,
                               const std::vector<std::string>& plugin_dirs, std::string& error);

// "a, b" -> {"a", "b"}: a descriptor's `depends`.
std::vector<std::string> split_depends(const char* text);

}  // namespace berth::plugins
