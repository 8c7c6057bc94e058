#pragma once
// The host's side of PluginContext for one plugin. Routes are staged here during registration and
// reach the route table only when the whole registration succeeded.
#include "base/expected.h"
#include "plugins/host_services.h"
#include "plugins/plugin_logger.h"
#include "routing/route_table.h"

#include <berth/context.h>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace berth::plugins {

class StagedRoutes final : public Routes {
 public:
  StagedRoutes(std::string owner, std::string mount, std::vector<std::string>& errors)
      : owner_(std::move(owner)), mount_(std::move(mount)), errors_(errors) {}
  std::vector<routing::Route> take() { return std::move(routes_); }

 protected:
  void add_route(Method method, std::string_view path, RouteHandler handler,
                 RouteOptions options) noexcept override;

 private:
  std::string owner_;
  std::string mount_;
  std::vector<std::string>& errors_;
  std::vector<routing::Route> routes_;
  std::map<std::string, std::string> operation_names_;  // name -> "GET /path" that has it
};

// A plugin's database, opened on first use of storage() and shared by the instances of a reload:
// the instance being replaced may still serve requests (or open it first) while the new one
// registers, and one file must have one writer. A registration in progress is provisional: what
// it writes is undone if it fails, however late it opened the database.
class DatabaseSlot {
 public:
  DatabaseSlot(HostServices& services, std::string plugin)
      : services_(services), plugin_(std::move(plugin)) {}
  // An unusable database fails every call saying why.
  Storage& storage() noexcept;
  void begin_registration();
  void keep_registration() noexcept;
  Expected<void> undo_registration() noexcept;

 private:
  HostServices& services_;
  const std::string plugin_;
  std::once_flag once_;
  std::mutex mutex_;  // the provisional state, against a first open on another thread
  bool provisional_ = false;
  std::unique_ptr<PluginDatabase> database_;
  std::unique_ptr<Storage> unavailable_;
};

class PluginContextImpl final : public PluginContext {
 public:
  PluginContextImpl(std::string name, std::string mount, nlohmann::json config,
                    std::shared_ptr<DatabaseSlot> database);

  std::string_view name() const noexcept override { return name_; }
  std::string_view mount() const noexcept override { return mount_; }
  Routes& routes() noexcept override { return routes_; }
  const Config& config() const noexcept override { return config_; }
  Logger& log() noexcept override { return logger_; }
  void fail(std::string_view message) noexcept override;
  Storage& storage() noexcept override;
  Tasks& tasks() noexcept override { return *tasks_; }

  // Host side. Before the register function runs: the instance's tasks, made with errors().
  void attach_tasks(Tasks& tasks) noexcept { tasks_ = &tasks; }
  std::vector<std::string>& errors() noexcept { return errors_; }
  std::vector<routing::Route> take_routes() { return routes_.take(); }
  // In the order added; each runs once.
  void run_start_hooks() noexcept;
  // Latest first; each runs once.
  void run_stop_hooks() noexcept;
  bool has_config_handler() const noexcept { return static_cast<bool>(config_handler_); }
  // A handler the host provides in the plugin's place (a plugin child's, which forwards): it
  // returns an empty string when it applied the config, else why not.
  void forward_config(std::function<std::string(const Config&)> handler) noexcept {
    set_config_handler(std::move(handler));
  }
  // The plugin's on_config handler: applied `next`, or why it refused.
  Expected<void> apply_config(const Config& next) noexcept;

 protected:
  void add_stop_hook(std::function<void()> hook) noexcept override;
  void set_config_handler(std::function<std::string(const Config&)> handler) noexcept override;
  void add_start_hook(std::function<void()> hook) noexcept override;

 private:
  std::string name_;
  std::string mount_;
  nlohmann::json config_;
  PluginLogger logger_;
  std::vector<std::string> errors_;
  StagedRoutes routes_;
  std::vector<std::function<void()>> start_hooks_;
  std::vector<std::function<void()>> stop_hooks_;
  std::function<std::string(const Config&)> config_handler_;
  Tasks* tasks_ = nullptr;
  std::shared_ptr<DatabaseSlot> database_;
};

}  // namespace berth::plugins
