#pragma once
// One loaded instance of a configured plugin, through its whole life:
//   open (library checked) -> stage (register function, routes staged; all or nothing)
//   -> activate (its routes serve: tasks and start hooks run) -> retire (tasks stop, requests in
//   flight drain, stop hooks run).
// A reload replaces an instance with a new one of the same plugin; they share the database.
#include "base/expected.h"
#include "config/host_config.h"
#include "plugins/host_services.h"
#include "plugins/plugin_context.h"
#include "plugins/plugin_library.h"
#include "routing/route_table.h"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace berth::plugins {

using RouteRefs = std::vector<std::shared_ptr<const routing::Route>>;

class PluginInstance {
 public:
  // Opens the library at `path` and checks it holds the plugin `entry` names, whose config
  // section passes the plugin's schema.
  static Expected<std::unique_ptr<PluginInstance>> open(const config::PluginEntry& entry,
                                                        const std::string& path,
                                                        LibraryLoad load = {});
  // The same checks for code opened elsewhere (a plugin child): the plugin `entry` names, its
  // config section passing the plugin's schema.
  static Expected<std::unique_ptr<PluginInstance>> adopt(const config::PluginEntry& entry,
                                                         const std::string& path,
                                                         std::unique_ptr<PluginCode> code);
  ~PluginInstance();  // stops what still runs; the library is unloaded last

  const config::PluginEntry& entry() const noexcept { return entry_; }
  const std::string& name() const noexcept { return entry_.name; }
  std::string mount() const { return entry_.mount.value_or("/" + entry_.name); }
  const std::string& path() const noexcept { return path_; }
  const PluginDescriptor& descriptor() const noexcept { return code_->descriptor(); }
  const PluginCode& code() const noexcept { return *code_; }
  const std::vector<std::string>& depends() const noexcept { return depends_; }
  PluginContextImpl* context() noexcept { return context_.get(); }

  // Runs the register function against a fresh context. On success its routes and the host's on
  // its behalf are staged (counted in `stats`) for take_routes(); on failure everything it did is
  // undone (see abandon()).
  Expected<void> stage(HostServices& services, std::shared_ptr<DatabaseSlot> database,
                       bool replacing, const std::shared_ptr<routing::OwnerStats>& stats);
  std::vector<routing::Route> take_routes() { return std::move(staged_routes_); }
  // The staged registration will not serve (its routes clash): stop hooks run, its database
  // writes are undone. The error says what could not be undone, if anything.
  Expected<void> abandon() noexcept;
  // Its routes serve: database writes are kept, tasks start, start hooks run.
  void activate() noexcept;
  // Its tasks stop (before a replacing instance activates). Once; retire() does it if not done.
  void deactivate() noexcept;
  // Out of the table: its tasks stop, then once no request holds `routes` (or at `drain`) its
  // stop hooks run. True when nothing of its code runs any more (no request, no task thread):
  // it may be destroyed, which unloads its library. False when requests outlived the drain (the
  // stop hooks run at stop()) or a task thread ignored its stop token.
  bool retire(RouteRefs routes, std::chrono::milliseconds drain) noexcept;
  // What retire() left: requests are over (the host stopped serving), the stop hooks run.
  void stop() noexcept;

 private:
  PluginInstance(config::PluginEntry entry, std::string path, std::unique_ptr<PluginCode> code);

  config::PluginEntry entry_;
  std::string path_;
  std::vector<std::string> depends_;
  // Declared first: members die in reverse order, and everything the context and the services
  // hold (handlers, hooks, task functions) is code from the library.
  std::unique_ptr<PluginCode> code_;
  std::unique_ptr<InstanceServices> services_;
  std::unique_ptr<PluginContextImpl> context_;
  std::shared_ptr<DatabaseSlot> database_;
  std::vector<routing::Route> staged_routes_;
  RouteRefs lingering_routes_;  // held by requests that outlived retire()'s drain
  bool active_ = false;
  bool threads_left_ = false;  // a task thread of it was given up on: its code may still run
};

// Where `entry`'s library is: its `path`, or <dir>/<name>.so in the first plugin_dir having it;
// else an error naming the folders searched.
Expected<std::string> resolve_plugin_path(const config::PluginEntry& entry,
                                          const std::vector<std::string>& plugin_dirs);

}  // namespace berth::plugins
