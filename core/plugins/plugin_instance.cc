#include "plugins/plugin_instance.h"

#include "log/logger.h"
#include "plugins/config_schema.h"
#include "plugins/dependency_order.h"

#include <algorithm>
#include <filesystem>
#include <thread>

namespace berth::plugins {
namespace {

// True once no request holds any of `routes` (they are out of the table, so only this list and
// requests already dispatched to them can), false at the deadline.
bool drained(const RouteRefs& routes, std::chrono::milliseconds drain) {
  const auto until = std::chrono::steady_clock::now() + drain;
  for (;;) {
    if (std::all_of(routes.begin(), routes.end(), [](const auto& r) { return r.use_count() == 1; }))
      return true;
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

}  // namespace

Expected<std::string> resolve_plugin_path(const config::PluginEntry& entry,
                                          const std::vector<std::string>& plugin_dirs) {
  if (!entry.path.empty()) return entry.path;
  std::string searched;
  for (const auto& dir : plugin_dirs) {
    auto candidate = std::filesystem::path(dir) / (entry.name + ".so");
    if (!searched.empty()) searched += ", ";
    searched += candidate.string();
    std::error_code ec;
    if (std::filesystem::is_regular_file(candidate, ec)) return candidate.string();
  }
  return unexpected(
      "plugin '" + entry.name + "': no " + entry.name + ".so in the plugin folders (searched " +
      (searched.empty() ? std::string("nothing: plugin_dirs is empty") : searched) + ")");
}

Expected<std::unique_ptr<PluginInstance>> PluginInstance::open(const config::PluginEntry& entry,
                                                               const std::string& path,
                                                               LibraryLoad load) {
  auto opened = open_plugin_library(path, load);
  if (!opened) return unexpected(std::move(opened).error());
  return adopt(entry, path, std::move(*opened));
}

Expected<std::unique_ptr<PluginInstance>> PluginInstance::adopt(const config::PluginEntry& entry,
                                                                const std::string& path,
                                                                std::unique_ptr<PluginCode> code) {
  const PluginDescriptor& d = code->descriptor();
  if (entry.name != d.name)
    return unexpected(path + ": holds plugin '" + d.name + "', but the config entry is '" +
                      entry.name + "'");
  if (d.config_schema) {
    auto problems = check_plugin_config(entry, d.config_schema, path);
    if (!problems.empty()) return unexpected(config::ConfigError(std::move(problems)).what());
  }
  return std::unique_ptr<PluginInstance>(new PluginInstance(entry, path, std::move(code)));
}

PluginInstance::PluginInstance(config::PluginEntry entry, std::string path,
                               std::unique_ptr<PluginCode> code)
    : entry_(std::move(entry)),
      path_(std::move(path)),
      depends_(split_depends(code->descriptor().depends)),
      code_(std::move(code)) {}

PluginInstance::~PluginInstance() {
  deactivate();
  stop();
}

Expected<void> PluginInstance::stage(HostServices& services, std::shared_ptr<DatabaseSlot> database,
                                     bool replacing,
                                     const std::shared_ptr<routing::OwnerStats>& stats) {
  database_ = std::move(database);
  context_ = std::make_unique<PluginContextImpl>(entry_.name, mount(), entry_.config, database_);
  services_ = services.attach(entry_.name, mount(), replacing, context_->errors());
  context_->attach_tasks(services_->tasks());
  database_->begin_registration();
  char error[1024] = {0};
  int rc = code_->register_plugin(*context_, error, sizeof error);
  std::string failure;
  if (rc != 0) failure = *error ? error : "register function failed without a reason";
  if (failure.empty() && !context_->errors().empty()) failure = context_->errors().front();
  if (failure.empty()) {
    staged_routes_ = context_->take_routes();
    for (auto& r : services_->host_routes()) staged_routes_.push_back(std::move(r));
    for (auto& r : staged_routes_) r.stats = stats;
  }
  if (failure.empty()) return {};
  auto undone = abandon();
  if (!undone) failure += "; " + undone.error();
  return unexpected(std::move(failure));
}

Expected<void> PluginInstance::abandon() noexcept {
  staged_routes_.clear();
  if (context_) context_->run_stop_hooks();
  context_.reset();
  services_.reset();
  if (!database_) return {};
  auto undone = database_->undo_registration();
  database_.reset();
  return undone;
}

void PluginInstance::activate() noexcept {
  database_->keep_registration();
  services_->activate();
  active_ = true;
  context_->run_start_hooks();
}

void PluginInstance::deactivate() noexcept {
  if (active_ && !services_->deactivate()) threads_left_ = true;
  active_ = false;
}

bool PluginInstance::retire(RouteRefs routes, std::chrono::milliseconds drain) noexcept {
  deactivate();
  if (!drained(routes, drain)) {
    // Its stop hooks may free what those requests use: they run at stop() instead.
    log::warn("requests still in flight on a stopped plugin instance; it stops at shutdown",
              {{"plugin", entry_.name}, {"drain_ms", drain.count()}});
    lingering_routes_ = std::move(routes);
    return false;
  }
  routes.clear();
  stop();
  return !threads_left_;
}

void PluginInstance::stop() noexcept {
  lingering_routes_.clear();
  if (context_) context_->run_stop_hooks();
  context_.reset();
  services_.reset();
}

}  // namespace berth::plugins
