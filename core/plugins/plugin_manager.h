#pragma once
// Loads the configured plugins, registers them in dependency order, and stops them in reverse.
#include "config/host_config.h"
#include "plugins/host_services.h"
#include "plugins/plugin_instance.h"
#include "routing/route_table.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

namespace berth::plugins {

// The log lines swap_library writes for each plugin (with `plugin` and, when refused, `error`):
// `berth dev` reads them from the log ring to tell its page.
inline constexpr const char* kLibrarySwappedMessage = "plugin library swapped";
inline constexpr const char* kLibraryRefusedMessage =
    "rebuilt plugin library refused; the running instance keeps serving";

enum class PluginState { starting, disabled, failed, running, stopped };
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
  // With watch_plugins: rebuilt libraries swapped in so far, and why the last rebuild was not
  // (empty once one is).
  std::uint64_t swaps = 0;
  std::string swap_error;
  config::IsolationMode isolation = config::IsolationMode::in_process;
  std::shared_ptr<const ChildReport> child;  // isolation: process, once its child ran
};

// The state the outside sees: a running plugin whose child crashed too often to be restarted is
// failed (its routes stay in the table, answering 503, until its entry changes).
PluginState visible_state(const PluginStatus& status);

nlohmann::json to_json(const PluginStatus& status);

// What a live reload did to one plugin.
struct PluginChange {
  std::string plugin;
  // configured (its on_config took the new section), reloaded (a new instance replaced it),
  // started, stopped, updated (only `required` changed), swapped (a new instance of its rebuilt
  // library replaced it)
  std::string action;
  std::string error;  // empty when applied; else the plugin keeps running as it was
};

nlohmann::json to_json(const PluginChange& change);

class PluginManager {
 public:
  explicit PluginManager(routing::RouteTable& table, HostServices& services = no_host_services());
  ~PluginManager();  // stops what still runs, then unloads the libraries

  // Starts every enabled plugin. Returns the errors of required plugins that failed: the host
  // must not start when it is not empty. Optional failures are only logged and recorded. Once
  // `stop` fires no further plugin is opened or registered.
  std::vector<std::string> start(const config::HostConfig& config, std::stop_token stop = {});
  // Reverse start order: routes leave the table, tasks stop, stop hooks run.
  void stop_all() noexcept;

  // Any thread.
  std::vector<PluginStatus> statuses() const;
  // The configured plugin whose mount is the longest prefix of `path`; nullopt when none is.
  std::optional<PluginStatus> owner_of(std::string_view path) const;

  // Live reload (plugin_reload.cc). Problems that make `next` unusable as a whole: an enabled
  // plugin whose library cannot be found or opened. Nothing is changed.
  std::vector<std::string> check_reload(const config::HostConfig& next) const;
  // Applies `next`'s plugin list: a changed `config:` goes to the plugin's on_config, or a new
  // instance replaces the running one (routes swapped atomically; in-flight requests finish on the
  // old one, which then stops); added or enabled plugins start, removed or disabled ones stop.
  // `drain` bounds the wait for requests in flight on an instance being stopped. Never called
  // concurrently with start() or stop_all().
  std::vector<PluginChange> reload(const config::HostConfig& next, std::chrono::milliseconds drain);

  // Live swap of a rebuilt library (plugin_swap.cc): every running plugin loaded from `path` is
  // replaced by a new instance from the file as it is now, as reload() replaces one (the new
  // instance registers beside the old, routes swap atomically, the old one drains, stops and is
  // unloaded); one that fails its checks or registration leaves the old instance serving, the
  // reason in its status (swap_error). A plugin that failed to start from `path` is started
  // again. Same threading as reload().
  std::vector<PluginChange> swap_library(const std::string& path, std::chrono::milliseconds drain);
  // The libraries of the configured plugins that are enabled: what a watch of rebuilt libraries
  // watches.
  std::vector<std::string> library_paths() const;

 private:
  struct Slot;
  using Pending = std::vector<std::pair<Slot*, std::unique_ptr<PluginInstance>>>;

  Slot& add_slot(const config::PluginEntry& entry);
  LibraryLoad library_load() const { return {.private_copy = watch_plugins_}; }
  // `entry`'s code from `path`: loaded here, or in a child process of its own (isolation).
  Expected<std::unique_ptr<PluginInstance>> open_instance(const config::PluginEntry& entry,
                                                          const std::string& path,
                                                          LibraryLoad load) const;
  // A new instance of `entry` from `path` replaces the slot's running one, or nothing changes.
  // `rebuilt`: from a rebuilt library (swap_library), counted in the status as it serves.
  Expected<void> replace_instance(Slot& slot, const config::PluginEntry& entry,
                                  const std::string& path, std::chrono::milliseconds drain,
                                  bool rebuilt = false);
  Slot* find(std::string_view name) const;
  // Every change of a status, under mutex_: statuses() may be asked from any thread.
  template <class Change>
  void update(Slot& slot, Change&& change);
  void fail(Slot& slot, std::string error);
  // Resolves and opens `entry`'s library; the status records where and what it is, or why not.
  std::unique_ptr<PluginInstance> open_for(Slot& slot, const config::PluginEntry& entry,
                                           const std::vector<std::string>& plugin_dirs);
  // The same for a library already found at `path`.
  std::unique_ptr<PluginInstance> open_at(Slot& slot, const config::PluginEntry& entry,
                                          const std::string& path);
  // Start and reload alike: dependency order, dependencies running, then install(). Returns the
  // slots in the order they were tried.
  std::vector<Slot*> start_in_order(Pending pending, std::stop_token stop);
  // The one registration path: `next` registers (replacing the slot's running instance, if any)
  // and serves, or nothing changes.
  Expected<void> install(Slot& slot, std::unique_ptr<PluginInstance> next,
                         std::chrono::milliseconds drain, bool rebuilt = false);
  void stop_slot(Slot& slot, PluginState final_state, std::chrono::milliseconds drain) noexcept;
  void retire(std::unique_ptr<PluginInstance> instance, RouteRefs routes,
              std::chrono::milliseconds drain) noexcept;

  routing::RouteTable& table_;
  HostServices& services_;
  std::mutex change_mu_;        // one reload or swap at a time
  bool watch_plugins_ = false;  // of the config last applied: libraries load from private copies
  mutable std::mutex mutex_;    // guards plugins_ and every Slot's status
  std::vector<std::unique_ptr<Slot>> plugins_;  // config order
  std::vector<Slot*> started_;                  // start order
  // Replaced and stopped instances that threads the task host gave up on, or requests that
  // outlived the drain, may still run the code of: they stay loaded until the manager goes. The
  // others are destroyed as soon as they are retired.
  std::vector<std::unique_ptr<PluginInstance>> retired_;
};

// Opens each enabled plugin of `config` and checks its `config:` section against the plugin's
// schema, without registering anything: what `--check` can still say about a config whose host
// keys have problems. One message per plugin that fails.
std::vector<std::string> check_plugin_entries(const config::HostConfig& config);

}  // namespace berth::plugins
