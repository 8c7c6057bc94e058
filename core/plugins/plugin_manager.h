#pragma once
// Loads the configured plugins, registers them in dependency order, and stops them in reverse.
#include "config/host_config.h"
#include "plugins/plugin_context.h"
#include "plugins/plugin_library.h"
#include "routing/route_table.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <mutex>
#include <stop_token>
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

// What a live reload did to one plugin.
struct PluginChange {
  std::string plugin;
  // configured (its on_config took the new section), reloaded (a new instance replaced it),
  // started, stopped, updated (only `required` changed)
  std::string action;
  std::string error;  // empty when applied; else the plugin keeps running as it was
};

nlohmann::json to_json(const PluginChange& change);

class PluginManager {
 public:
  PluginManager(routing::RouteTable& table, HostServices services = {});
  ~PluginManager();  // stops what still runs, then unloads the libraries

  // Starts every enabled plugin. Returns the errors of required plugins that failed: the host
  // must not start when it is not empty. Optional failures are only logged and recorded. Once
  // `stop` fires no further plugin is opened or registered.
  std::vector<std::string> start(const config::HostConfig& config, std::stop_token stop = {});
  // Reverse start order: stop hooks run, routes leave the table.
  void stop_all() noexcept;

  std::vector<PluginStatus> statuses() const;

  // Live reload (plugin_reload.cc). Problems that make `next` unusable as a whole: an enabled
  // plugin whose library cannot be found or opened. Nothing is changed.
  std::vector<std::string> check_reload(const config::HostConfig& next) const;
  // Applies `next`'s plugin list: a changed `config:` goes to the plugin's on_config, or a new
  // instance replaces the running one (routes swapped atomically; in-flight requests finish on the
  // old one, which then stops); added or enabled plugins start, removed or disabled ones stop.
  // `drain` bounds the wait for requests in flight on an instance being stopped. Called from one
  // thread at a time, never concurrently with start() or stop_all().
  std::vector<PluginChange> reload(const config::HostConfig& next, std::chrono::milliseconds drain);

 private:
  struct Plugin;
  // An instance taken out of service whose requests outlived the drain: stopped at stop_all.
  struct Lingering;
  void stop_lingering() noexcept;
  void register_plugin(Plugin& plugin);
  void set_failed(Plugin& plugin, std::string error);
  Plugin* find(std::string_view name) const;
  std::string replace_instance(Plugin& plugin, const config::PluginEntry& entry,
                               const std::string& path, std::chrono::milliseconds drain);
  std::string start_live(Plugin& plugin, const config::PluginEntry& entry,
                         const std::vector<std::string>& plugin_dirs);
  void stop_live(Plugin& plugin, PluginState final_state, std::chrono::milliseconds drain);
  void retire(std::unique_ptr<PluginContextImpl> context, std::unique_ptr<PluginLibrary> library,
              std::vector<std::shared_ptr<const routing::Route>> routes,
              std::chrono::milliseconds drain);

  routing::RouteTable& table_;
  HostServices services_;
  mutable std::mutex mutex_;                      // guards each Plugin's status
  std::vector<std::unique_ptr<Plugin>> plugins_;  // config order; changed under mutex_
  std::vector<Plugin*> started_;                  // start order
  std::vector<std::unique_ptr<Lingering>> lingering_;
  // Libraries of replaced or stopped instances stay loaded until the host exits: threads the task
  // host gave up on, or a request that outlived the drain, may still run their code.
  std::vector<std::unique_ptr<PluginLibrary>> retired_libraries_;
};

// Opens each enabled plugin of `config` and checks its `config:` section against the plugin's
// schema, without registering anything: what `--check` can still say about a config whose host
// keys have problems. One message per plugin that fails.
std::vector<std::string> check_plugin_entries(const config::HostConfig& config);

// Where an entry's library is: its `path`, or <dir>/<name>.so in the first plugin_dir having it.
// Empty with `searched` filled when not found.
std::string resolve_plugin_path(const config::PluginEntry& entry,
                                const std::vector<std::string>& plugin_dirs, std::string& searched);

}  // namespace berth::plugins
