#include "app/plugin_services.h"

#include "app/job_routes.h"
#include "app/task_errors.h"
#include "storage/database.h"
#include "tasks/plugin_tasks.h"

namespace berth::app {
namespace {

class PluginDatabaseFile final : public plugins::PluginDatabase {
 public:
  explicit PluginDatabaseFile(storage::DatabaseOptions options) : database_(std::move(options)) {}
  Storage& storage() noexcept override { return database_; }
  std::shared_ptr<const storage::DatabaseCounters> counters() const noexcept {
    return database_.counters();
  }
  void begin_registration() override { database_.arm_restore_point(); }
  void keep_registration() noexcept override { database_.drop_restore_point(); }
  Expected<void> undo_registration() noexcept override {
    return database_.roll_back_to_restore_point();
  }

 private:
  storage::Database database_;
};

class TaskHostInstance final : public plugins::InstanceServices {
 public:
  TaskHostInstance(const PluginServicesOptions& options, std::string plugin, std::string mount,
                   std::unique_ptr<tasks::PluginTasks> tasks)
      : options_(options),
        plugin_(std::move(plugin)),
        mount_(std::move(mount)),
        tasks_(std::move(tasks)) {}

  Tasks& tasks() noexcept override { return *tasks_; }
  std::vector<routing::Route> host_routes() override {
    return plugin_job_routes(*options_.tasks, plugin_, mount_, tasks_->jobs());
  }
  void activate() noexcept override {
    if (options_.run_tasks) options_.tasks->activate(*tasks_);
  }
  bool deactivate() noexcept override {
    return !options_.run_tasks || options_.tasks->deactivate(plugin_, options_.stop_deadline);
  }

 private:
  const PluginServicesOptions& options_;
  const std::string plugin_;
  const std::string mount_;
  std::unique_ptr<tasks::PluginTasks> tasks_;
};

}  // namespace

Expected<std::unique_ptr<plugins::PluginDatabase>> PluginServices::open_database(
    const std::string& plugin) {
  const auto dir = options_.data_dir / "plugins";
  storage::DatabaseOptions database;
  database.path = dir / (plugin + ".db");
  database.backup_dir = dir / "backups";
  try {
    auto file = std::make_unique<PluginDatabaseFile>(std::move(database));
    std::lock_guard lock(mutex_);
    databases_[plugin] = file->counters();
    return std::unique_ptr<plugins::PluginDatabase>(std::move(file));
  } catch (const std::exception& e) {
    return unexpected("cannot open the database of plugin '" + plugin + "': " + e.what());
  }
}

std::map<std::string, std::shared_ptr<const storage::DatabaseCounters>>
PluginServices::database_counters() const {
  std::lock_guard lock(mutex_);
  return databases_;
}

std::unique_ptr<plugins::InstanceServices> PluginServices::attach(
    const std::string& plugin, const std::string& mount, bool replacing,
    std::vector<std::string>& errors) {
  if (!options_.tasks) return plugins::instance_without_tasks();
  tasks::TaskHost& host = *options_.tasks;
  return std::make_unique<TaskHostInstance>(options_, plugin, mount,
                                            host.tasks_for(plugin, errors, replacing, http_status));
}

}  // namespace berth::app

namespace berth::app {

Expected<std::unique_ptr<plugins::PluginCode>> PluginServices::open_isolated(
    const config::PluginEntry& entry, const std::string& path) {
  if (!options_.open_isolated) return HostServices::open_isolated(entry, path);
  return options_.open_isolated(entry, path);
}

}  // namespace berth::app
