#pragma once
// Live config reload: the files (the shipped config and the user's overlay) are loaded and
// validated like at start; an invalid one is rejected and the running config stays. Plugin sections
// are applied live (see PluginManager::reload); server keys are reported as needing a restart. The
// last outcome is served at /_berth/config.
#include "config/host_config.h"
#include "config/load.h"
#include "plugins/plugin_manager.h"
#include "routing/route_table.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::app {

// The keys of `next` that differ from `running` and only apply at start: server.*, data_dir,
// log.*, tasks.* ("server.socket", "tasks.workers").
std::vector<std::string> keys_needing_restart(const config::HostConfig& running,
                                              const config::HostConfig& next);

struct ReloadOutcome {
  std::string at;         // UTC, ISO 8601
  std::string trigger;    // "file" or "signal"
  bool ok = false;        // the file was valid and every plugin change applied
  bool rejected = false;  // the file was not used at all
  std::string message;
  std::vector<std::string> restart_required;
  std::vector<plugins::PluginChange> plugins;
};

// Reloads so far by outcome, for /_berth/metrics.
struct ReloadCounts {
  std::uint64_t applied = 0;   // valid, and every plugin change applied
  std::uint64_t partial = 0;   // valid, but a plugin change failed (that plugin runs as it was)
  std::uint64_t rejected = 0;  // invalid: the running config stays
};

// What /_berth/config shows of a loaded config: its files, the merged document and where each
// value of it was written ({"/plugins/0/config/greeting": "berth.overlay.yaml:3:17"}).
nlohmann::json config_view(const config::HostConfig& config);

class ConfigReloader {
 public:
  // `running`: the config the host started with (server keys are compared with it). `overlay`:
  // the user's file merged over `path`; empty: none.
  ConfigReloader(std::string path, std::string overlay, config::Environment env,
                 const config::HostConfig& running, plugins::PluginManager& plugins,
                 std::chrono::milliseconds drain);

  // Loads the file and applies it. Never throws; one reload at a time.
  ReloadOutcome reload(std::string_view trigger) noexcept;
  // config_view() of the config applied last, with "reloads", "failures" and "last_reload", for
  // /_berth/config.
  nlohmann::json status() const;
  ReloadCounts counts() const;

 private:
  ReloadOutcome apply(std::string_view trigger);
  void record(const ReloadOutcome& outcome);

  const std::string path_;
  const std::string overlay_;
  const config::Environment env_;
  const config::HostConfig running_;
  plugins::PluginManager& plugins_;
  const std::chrono::milliseconds drain_;
  std::mutex reload_mu_;
  mutable std::mutex status_mu_;
  ReloadCounts counts_;
  std::optional<ReloadOutcome> last_;
  nlohmann::json view_;
};

nlohmann::json to_json(const ReloadOutcome& outcome);

// GET /_berth/config: the effective config and where it comes from, how it is watched ("inotify",
// "signal" for SIGHUP only, "none" without a file) and how the last reload went. Without a
// reloader, `running`'s view.
void add_config_route(routing::RouteTable& table, const ConfigReloader* reloader,
                      const config::HostConfig& running, std::string watch);

}  // namespace berth::app
