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

std::unique_ptr<InstanceServices> instance_without_tasks() {
  return std::make_unique<NoInstanceServices>();
}

HostServices& no_host_services() {
  static NoHostServices services;
  return services;
}

}  // namespace berth::plugins
