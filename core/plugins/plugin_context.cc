#include "plugins/plugin_context.h"

#include "plugins/unavailable_services.h"
#include "routing/route_pattern.h"

namespace berth::plugins {

void StagedRoutes::add_route(Method method, std::string_view path, RouteHandler handler,
                             RouteOptions options) noexcept {
  try {
    auto parsed = routing::parse_pattern(path);
    if (!parsed) {
      errors_.push_back(parsed.error());
      return;
    }
    auto full = routing::parse_pattern(routing::join_mount(mount_, parsed->text));
    if (!handler) {
      errors_.push_back("route " + std::string(to_string(method)) + " " + full->text +
                        " has no handler");
      return;
    }
    routing::Route route;
    route.method = method;
    route.pattern = std::move(*full);
    route.handler = std::move(handler);
    route.non_blocking = options.non_blocking;
    const std::string route_name = std::string(to_string(method)) + " " + route.pattern.text;
    contract::RouteContract declared;
    try {
      declared = contract::RouteContract::from(options);
    } catch (const std::invalid_argument& e) {
      errors_.push_back("route " + route_name + ": " + e.what());
      return;
    }
    if (declared.name.empty()) declared.name = contract::operation_name(method, parsed->text);
    if (auto [it, fresh] = operation_names_.emplace(declared.name, route_name); !fresh) {
      errors_.push_back("route " + route_name + ": operation name '" + declared.name +
                        "' is already used by " + it->second);
      return;
    }
    route.contract = std::make_shared<const contract::RouteContract>(std::move(declared));
    route.owner = owner_;
    routes_.push_back(std::move(route));
  } catch (const std::exception& e) {
    errors_.push_back(std::string("cannot add route: ") + e.what());
  }
}

Storage& DatabaseSlot::storage() noexcept {
  std::call_once(once_, [&] {
    std::lock_guard lock(mutex_);
    try {
      auto opened = services_.open_database(plugin_);
      if (!opened) {
        unavailable_ = std::make_unique<UnavailableStorage>(opened.error());
        return;
      }
      database_ = std::move(*opened);
      if (provisional_) database_->begin_registration();
    } catch (const std::exception& e) {
      unavailable_ = std::make_unique<UnavailableStorage>("cannot open the database of plugin '" +
                                                          plugin_ + "': " + e.what());
    }
  });
  if (database_) return database_->storage();
  return *unavailable_;
}

void DatabaseSlot::begin_registration() {
  std::lock_guard lock(mutex_);
  provisional_ = true;
  if (database_) database_->begin_registration();
}

void DatabaseSlot::keep_registration() noexcept {
  std::lock_guard lock(mutex_);
  provisional_ = false;
  if (database_) database_->keep_registration();
}

Expected<void> DatabaseSlot::undo_registration() noexcept {
  std::lock_guard lock(mutex_);
  provisional_ = false;
  if (!database_) return {};
  return database_->undo_registration();
}

PluginContextImpl::PluginContextImpl(std::string name, std::string mount, nlohmann::json config,
                                     std::shared_ptr<DatabaseSlot> database)
    : name_(std::move(name)),
      mount_(std::move(mount)),
      config_(std::move(config)),
      logger_(name_),
      routes_(name_, mount_, errors_),
      database_(std::move(database)) {}

Storage& PluginContextImpl::storage() noexcept {
  return database_->storage();
}

void PluginContextImpl::fail(std::string_view message) noexcept {
  try {
    errors_.emplace_back(message);
  } catch (...) {
  }
}

void PluginContextImpl::add_stop_hook(std::function<void()> hook) noexcept {
  try {
    stop_hooks_.push_back(std::move(hook));
  } catch (...) {
    fail("out of memory adding a stop hook");
  }
}

void PluginContextImpl::add_start_hook(std::function<void()> hook) noexcept {
  try {
    start_hooks_.push_back(std::move(hook));
  } catch (...) {
    fail("out of memory adding a start hook");
  }
}

void PluginContextImpl::run_start_hooks() noexcept {
  auto hooks = std::move(start_hooks_);
  start_hooks_.clear();
  for (auto& hook : hooks) hook();
}

void PluginContextImpl::run_stop_hooks() noexcept {
  auto hooks = std::move(stop_hooks_);
  stop_hooks_.clear();
  for (auto it = hooks.rbegin(); it != hooks.rend(); ++it) (*it)();
}

void PluginContextImpl::set_config_handler(
    std::function<std::string(const Config&)> handler) noexcept {
  config_handler_ = std::move(handler);
}

Expected<void> PluginContextImpl::apply_config(const Config& next) noexcept {
  if (!config_handler_) return unexpected("the plugin has no on_config handler");
  // The handler is plugin code: it answers in the SDK's convention, empty when applied.
  std::string refusal = config_handler_(next);
  if (!refusal.empty()) return unexpected(std::move(refusal));
  return {};
}

}  // namespace berth::plugins
