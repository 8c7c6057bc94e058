#pragma once
// The host's side of PluginContext for one plugin. Routes are staged here during registration and
// reach the route table only when the whole registration succeeded.
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

// Opens the plugin's database on first use of storage().
using StorageFactory = std::function<std::unique_ptr<Storage>(const std::string& plugin)>;

// A plugin's database, opened once and shared by the instances of a reload: the instance being
// replaced may still serve requests (or open it first) while the new one registers, and one file
// must have one writer.
class StorageSlot {
 public:
  Storage& get(const StorageFactory& factory, const std::string& plugin) noexcept;

 private:
  std::once_flag once_;
  std::unique_ptr<Storage> storage_;
};
// Makes the plugin's Tasks; registration errors go into `errors`.
using TasksFactory = std::function<std::unique_ptr<Tasks>(const std::string& plugin,
                                                          std::vector<std::string>& errors)>;

class PluginContextImpl;

// What the host lends every plugin, and what it does around a plugin's registration.
struct HostServices {
  StorageFactory storage;
  TasksFactory tasks;
  // Routes the host adds on a plugin's behalf (e.g. POST <mount>/jobs/<name>), owned by it and
  // added together with its own, all or nothing.
  std::function<std::vector<routing::Route>(PluginContextImpl&)> host_routes;
  // The Tasks of an instance that will replace a running one (a reload): the running instance's
  // tasks are still active while it registers. Unset: `tasks`.
  TasksFactory replacement_tasks;
  // After a successful registration: start what the plugin staged (tasks).
  std::function<void(PluginContextImpl&)> activate;
  // Before its stop hooks run: stop what activate started.
  std::function<void(const std::string& plugin)> deactivate;
};

class PluginContextImpl final : public PluginContext {
 public:
  // `replacing`: the running instance this one will replace; they share the database.
  PluginContextImpl(std::string name, std::string mount, nlohmann::json config,
                    const HostServices& services, const PluginContextImpl* replacing = nullptr);

  std::string_view name() const noexcept override { return name_; }
  std::string_view mount() const noexcept override { return mount_; }
  Routes& routes() noexcept override { return routes_; }
  const Config& config() const noexcept override { return config_; }
  Logger& log() noexcept override { return logger_; }
  void fail(std::string_view message) noexcept override;
  Storage& storage() noexcept override;
  Tasks& tasks() noexcept override { return *tasks_; }
  Tasks* tasks_if_any() noexcept { return tasks_.get(); }

  // Host side.
  const std::vector<std::string>& errors() const noexcept { return errors_; }
  std::vector<routing::Route> take_routes() { return routes_.take(); }
  // Latest first; each runs once.
  void run_stop_hooks() noexcept;
  bool has_config_handler() const noexcept { return static_cast<bool>(config_handler_); }
  // The plugin's on_config handler; empty when it applied `next`, else why it refused.
  std::string apply_config(const Config& next) noexcept;

 protected:
  void add_stop_hook(std::function<void()> hook) noexcept override;
  void set_config_handler(std::function<std::string(const Config&)> handler) noexcept override;

 private:
  std::string name_;
  std::string mount_;
  nlohmann::json config_;
  PluginLogger logger_;
  std::vector<std::string> errors_;
  StagedRoutes routes_;
  std::vector<std::function<void()>> stop_hooks_;
  std::function<std::string(const Config&)> config_handler_;
  StorageFactory storage_factory_;
  std::shared_ptr<StorageSlot> storage_;
  std::unique_ptr<Tasks> tasks_;
};

}  // namespace berth::plugins
