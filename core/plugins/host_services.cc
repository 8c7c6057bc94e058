#include "plugins/host_services.h"

#include "plugins/unavailable_services.h"

namespace berth::plugins {
namespace {

class NoInstanceServices final : public InstanceServices {
 public:
  Tasks& tasks() noexcept override { return tasks_; }
  std::vector<routing::Route> host_routes() override { return {}; }
  void activate() noexcept override {}
  bool deactivate() noexcept override { return true; }

 private:
  UnavailableTasks tasks_{"this host runs no background tasks"};
};

class NoHostServices final : public HostServices {
 public:
  Expected<std::unique_ptr<PluginDatabase>> open_database(const std::string&) override {
    return unexpected(std::string("this host has no storage"));
  }
  std::unique_ptr<InstanceServices> attach(const std::string&, const std::string&, bool,
                                           std::vector<std::string>&) override {
    return instance_without_tasks();
  }
};

}  // namespace

Expected<std::unique_ptr<PluginCode>> HostServices::open_isolated(const config::PluginEntry& entry,
                                                                  const std::string&) {
  return unexpected("plugin '" + entry.name +
                    "': isolation: process needs the berth host, which runs plugin children");
}

std::unique_ptr<InstanceServices> instance_without_tasks() {
  return std::make_unique<NoInstanceServices>();
}

HostServices& no_host_services() {
  static NoHostServices services;
  return services;
}

}  // namespace berth::plugins
