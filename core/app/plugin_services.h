#pragma once
// The host's services for its plugins, one implementation for `berth`, `berth openapi`,
// `berth --check` and the test host: each plugin's database at <data_dir>/plugins/<name>.db
// (backups beside it), its background tasks in the task host, its job routes.
#include "plugins/host_services.h"
#include "tasks/task_host.h"

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace berth::storage {
struct DatabaseCounters;
}

namespace berth::app {

using OpenIsolated = std::function<Expected<std::unique_ptr<plugins::PluginCode>>(
    const config::PluginEntry& entry, const std::string& path)>;

struct PluginServicesOptions {
  std::filesystem::path data_dir;
  // Null: plugins get no background tasks (their registration is still checked).
  tasks::TaskHost* tasks = nullptr;
  // False: tasks and job routes are staged, nothing runs (`berth openapi`).
  bool run_tasks = true;
  // How long a stopping plugin's tasks get before they are recorded interrupted.
  std::chrono::milliseconds stop_deadline{5000};
  // Opens a plugin of `isolation: process` (the host's children, core/isolation); unset, such
  // plugins are refused. A function so that the test host, which runs no children, needs none.
  OpenIsolated open_isolated;
};

class PluginServices final : public plugins::HostServices {
 public:
  explicit PluginServices(PluginServicesOptions options) : options_(std::move(options)) {}

  Expected<std::unique_ptr<plugins::PluginDatabase>> open_database(
      const std::string& plugin) override;
  std::unique_ptr<plugins::InstanceServices> attach(const std::string& plugin,
                                                    const std::string& mount, bool replacing,
                                                    std::vector<std::string>& errors) override;
  Expected<std::unique_ptr<plugins::PluginCode>> open_isolated(const config::PluginEntry& entry,
                                                               const std::string& path) override;

  // The counters of each plugin's database opened so far, by plugin (for /_berth/metrics).
  std::map<std::string, std::shared_ptr<const storage::DatabaseCounters>> database_counters() const;

 private:
  PluginServicesOptions options_;
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const storage::DatabaseCounters>> databases_;
};

}  // namespace berth::app
