#pragma once
// Loads the configured plugins, registers them in dependency order, and stops them in reverse.
#include "config/host_config.h"
#include "plugins/plugin_context.h"
#include "plugins/plugin_library.h"
#include "routing/route_table.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace berth::plugins {

enum class PluginState { disabled, failed, running, stopped };
std::string_view to_string(PluginState state) noexcept;

struct PluginStatus {
  std::string name;
  std::string version;
  std::string description;
  std::string path;
  std::string mount;
  PluginState state = PluginState::failed;
  std::string error;
  bool required = false;
  std::vector<std::string> routes;  // "GET /notes/:id"
  std::shared_ptr<routing::OwnerStats> stats;
};

nlohmann::json to_json(const PluginStatus& status);

class PluginManager {
 public:
  PluginManager(routing::RouteTable& table, HostServices services = {});
  ~PluginManager();  // stops what still runs, then unloads the libraries

  // Starts every enabled plugin. Returns the errors of required plugins that failed: the host
  // must not start when it is not empty. Optional failures are only logged and recorded.
  std::vector<std::string> start(const config::HostConfig& config);
  // Reverse start order: stop hooks run, routes leave the table.
  void stop_all() noexcept;

  std::vector<PluginStatus> statuses() const;

 private:
  struct Plugin;
  void register_plugin(Plugin& plugin);
  void set_failed(Plugin& plugin, std::string error);

  routing::RouteTable& table_;
  HostServices services_;
  mutable std::mutex mutex_;  // guards each Plugin's status
  std::vector<std::unique_ptr<Plugin>> plugins_;  // config order
  std::vector<Plugin*> started_;                 // start order
};

// Where an entry's library is: its `path`, or <dir>/<name>.so in the first plugin_dir having it.
// Empty with `searched` filled when not found.
std::string resolve_plugin_path(const config::PluginEntry& entry,
                                const std::vector<std::string>& plugin_dirs,
                                std::string& searched);

}  // namespace berth::plugins
