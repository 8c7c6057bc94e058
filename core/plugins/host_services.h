#pragma once
// What the host lends a plugin instance beyond its context, as the plugin layer sees it. One
// implementation serves the host, `berth openapi` and the test host (core/app/plugin_services.h);
// without one a plugin gets no database and no background tasks.
#include "base/expected.h"
#include "config/host_config.h"
#include "plugins/plugin_code.h"
#include "routing/route_table.h"

#include <berth/storage.h>
#include <berth/tasks.h>

#include <memory>
#include <string>
#include <vector>

namespace berth::plugins {

// A plugin's database. One registration at a time may be provisional: what it writes is undone
// when the registration fails.
class PluginDatabase {
 public:
  virtual ~PluginDatabase() = default;
  virtual Storage& storage() noexcept = 0;
  // From now on, the first write or migration keeps a copy of the database as it was.
  virtual void begin_registration() = 0;
  // The registration succeeded: the copy is dropped.
  virtual void keep_registration() noexcept = 0;
  // It failed: the database is put back as it was before its first write. Fails (saying why)
  // when that cannot be done.
  virtual Expected<void> undo_registration() noexcept = 0;
};

// The host's side of one plugin instance: its background tasks and the routes the host serves on
// its behalf (POST <mount>/jobs/<name>).
class InstanceServices {
 public:
  virtual ~InstanceServices() = default;
  virtual Tasks& tasks() noexcept = 0;
  // After the plugin's register function succeeded, added to the table with its own routes.
  virtual std::vector<routing::Route> host_routes() = 0;
  // Once its routes serve: what the plugin staged (tasks) starts.
  virtual void activate() noexcept = 0;
  // Before its stop hooks run: what activate() started stops. False when a task thread ignored
  // its stop token and was given up on.
  virtual bool deactivate() noexcept = 0;
};

class HostServices {
 public:
  virtual ~HostServices() = default;
  // Opened on the plugin's first use of storage(); shared by the instances of a reload.
  virtual Expected<std::unique_ptr<PluginDatabase>> open_database(const std::string& plugin) = 0;
  // For an instance about to register. `replacing`: a running instance of the same plugin will
  // be deactivated just before this one is activated. Registration errors go into `errors`.
  virtual std::unique_ptr<InstanceServices> attach(const std::string& plugin,
                                                   const std::string& mount, bool replacing,
                                                   std::vector<std::string>& errors) = 0;
  // A plugin of `isolation: process`: its library at `path` opened and checked in a child
  // process of its own. Refused by a host that runs no children.
  virtual Expected<std::unique_ptr<PluginCode>> open_isolated(const config::PluginEntry& entry,
                                                              const std::string& path);
};

// For an instance of a host that runs no background tasks: its Tasks accept registrations and
// refuse to start jobs.
std::unique_ptr<InstanceServices> instance_without_tasks();

// No database, no tasks: a PluginManager without a host (unit tests, `berth --check`'s plugins
// before storage was given).
HostServices& no_host_services();

}  // namespace berth::plugins
