#include "isolation/isolated_plugin.h"

#include "isolation/child_supervisor.h"
#include "plugins/plugin_context.h"

#include <cstring>

namespace berth::isolation {
namespace {

int refuse(char* error, std::size_t size, const std::string& why) noexcept {
  if (size > 0) {
    const std::size_t n = std::min(why.size(), size - 1);
    std::memcpy(error, why.data(), n);
    error[n] = '\0';
  }
  return 1;
}

class IsolatedPlugin final : public plugins::PluginCode {
 public:
  IsolatedPlugin(std::shared_ptr<ChildSupervisor> supervisor, OpenedPlugin opened)
      : supervisor_(std::move(supervisor)), opened_(std::move(opened)) {
    descriptor_.abi_version = opened_.abi_version;
    descriptor_.struct_size = opened_.struct_size;
    descriptor_.name = opened_.name.c_str();
    descriptor_.version = opened_.version.c_str();
    descriptor_.description = opened_.description.c_str();
    descriptor_.build_signature = opened_.build_signature.c_str();
    descriptor_.depends = opened_.depends.c_str();
    descriptor_.register_plugin = nullptr;  // register_plugin() below, through the child
    descriptor_.config_schema = opened_.config_schema ? opened_.config_schema->c_str() : nullptr;
  }
  ~IsolatedPlugin() override { supervisor_->stop(); }

  const PluginDescriptor& descriptor() const noexcept override { return descriptor_; }
  std::shared_ptr<const plugins::ChildReport> child_report() const override { return supervisor_; }

  int register_plugin(plugins::PluginContextImpl& context, char* error,
                      std::size_t error_size) noexcept override {
    try {
      auto registration = supervisor_->register_routes();
      if (!registration) return refuse(error, error_size, registration.error());
      // The host's routes for the child's: same method, path and contract, so the table, the
      // contract's checks and the OpenAPI document see what an in-process plugin would give.
      for (std::uint32_t i = 0; i < registration->routes.size(); ++i) {
        const ChildRoute& route = registration->routes[i];
        const contract::RouteContract& c = route.contract;
        RouteOptions options{.summary = c.summary,
                             .description = c.description,
                             .name = c.name,
                             .body_schema = c.body_schema,
                             .query_schema = c.query_schema,
                             .path_schema = c.path_schema,
                             .responses = c.responses};
        for (const auto& tag : c.tags) options.tags.push_back(tag);
        context.routes().add(
            route.method, route.path,
            [supervisor = supervisor_, i](Request& request) {
              return supervisor->forward(i, request);
            },
            std::move(options));
      }
      context.on_start([supervisor = supervisor_] { supervisor->activate(); });
      context.on_stop([supervisor = supervisor_] { supervisor->stop(); });
      if (registration->config_handler)
        context.forward_config([supervisor = supervisor_](const Config& next) {
          return supervisor->apply_config(next);
        });
      return 0;
    } catch (const std::exception& e) {
      return refuse(error, error_size, e.what());
    }
  }

 private:
  std::shared_ptr<ChildSupervisor> supervisor_;
  OpenedPlugin opened_;
  PluginDescriptor descriptor_{};
};

}  // namespace

Expected<std::unique_ptr<plugins::PluginCode>> open_isolated_plugin(
    const config::PluginEntry& entry, const std::string& path, const IsolationOptions& options) {
  auto supervisor = std::make_shared<ChildSupervisor>(entry, path, options);
  auto opened = supervisor->open();
  if (!opened) {
    supervisor->stop();
    return unexpected(std::move(opened).error());
  }
  return std::unique_ptr<plugins::PluginCode>(
      new IsolatedPlugin(std::move(supervisor), std::move(*opened)));
}

}  // namespace berth::isolation
