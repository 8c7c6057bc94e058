#pragma once
// What a plugin child lends its plugin: the database as the host would open it (through the
// host's own services), and tasks that refuse to be registered: jobs, periodic tasks and services
// of an isolated plugin are not run yet (issue 19, phase 2), and a registration that relies on
// them fails saying so rather than running without them.
#include "plugins/host_services.h"

#include <memory>
#include <string>
#include <vector>

namespace berth::isolation {

class ChildServices final : public plugins::HostServices {
 public:
  explicit ChildServices(std::unique_ptr<plugins::HostServices> storage)
      : storage_(std::move(storage)) {}

  Expected<std::unique_ptr<plugins::PluginDatabase>> open_database(
      const std::string& plugin) override {
    return storage_->open_database(plugin);
  }
  std::unique_ptr<plugins::InstanceServices> attach(const std::string& plugin,
                                                    const std::string& mount, bool replacing,
                                                    std::vector<std::string>& errors) override;

 private:
  std::unique_ptr<plugins::HostServices> storage_;
};

}  // namespace berth::isolation
