#include "plugins/plugin_manager.h"

#include "log/logger.h"
#include "plugins/dependency_order.h"
#include "plugins/plugin_slot.h"

#include <algorithm>

namespace berth::plugins {
namespace {

// What a status says of the library an instance was opened from.
void record_library(PluginStatus& s, const PluginInstance& instance) {
  const PluginDescriptor& d = instance.descriptor();
  s.path = instance.path();
  s.version = d.version ? d.version : "";
  s.description = d.description ? d.description : "";
  s.isolation = instance.entry().isolation.mode;
  s.child = instance.code().child_report();
}

}  // namespace

std::string_view to_string(PluginState state) noexcept {
  switch (state) {
    case PluginState::starting: return "starting";
    case PluginState::disabled: return "disabled";
    case PluginState::failed: return "failed";
    case PluginState::running: return "running";
    case PluginState::stopped: return "stopped";
  }
  return "failed";
}

PluginState visible_state(const PluginStatus& s) {
  if (s.state == PluginState::running && s.child && s.child->failure()) return PluginState::failed;
  return s.state;
}

nlohmann::json to_json(const PluginStatus& s) {
  nlohmann::json j = {
      {"name", s.name},         {"version", s.version}, {"description", s.description},
      {"path", s.path},         {"mount", s.mount},     {"status", to_string(s.state)},
      {"required", s.required}, {"routes", s.routes}};
  j["error"] = s.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.error);
  j["isolation"] = s.isolation == config::IsolationMode::process ? "process" : "in-process";
  if (s.child) {
    j["child"] = s.child->to_json();
    if (s.state == PluginState::running)
      if (auto failure = s.child->failure()) {
        j["status"] = to_string(PluginState::failed);
        j["error"] = *failure;
      }
  }
  if (s.stats) {
    j["requests"] = s.stats->requests.load();
    j["server_errors"] = s.stats->server_errors.load();
    j["exceptions"] = s.stats->exceptions.load();
  }
  j["swaps"] = s.swaps;
  j["swap_error"] = s.swap_error.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.swap_error);
  return j;
}

std::vector<std::string> check_plugin_entries(const config::HostConfig& config) {
  std::vector<std::string> errors;
  for (const auto& entry : config.plugins) {
    if (!entry.enabled || entry.name.empty()) continue;
    auto path = resolve_plugin_path(entry, config.plugin_dirs);
    if (!path) {
      errors.push_back(path.error());
      continue;
    }
    auto opened = PluginInstance::open(entry, *path);
    if (!opened) errors.push_back(opened.error());
  }
  return errors;
}

PluginManager::PluginManager(routing::RouteTable& table, HostServices& services)
    : table_(table), services_(services) {}

PluginManager::~PluginManager() {
  stop_all();
  std::lock_guard lock(mutex_);
  plugins_.clear();
  retired_.clear();  // unloads the libraries, now that nothing of theirs runs
}

PluginManager::Slot& PluginManager::add_slot(const config::PluginEntry& entry) {
  auto slot = std::make_unique<Slot>();
  slot->entry = entry;
  slot->status.name = entry.name;
  slot->status.mount = entry.mount.value_or("/" + entry.name);
  slot->status.required = entry.required;
  slot->status.state = entry.enabled ? PluginState::starting : PluginState::disabled;
  slot->status.stats = slot->stats;
  slot->database = std::make_shared<DatabaseSlot>(services_, entry.name);
  Slot& added = *slot;
  std::lock_guard lock(mutex_);
  plugins_.push_back(std::move(slot));
  return added;
}

PluginManager::Slot* PluginManager::find(std::string_view name) const {
  for (const auto& p : plugins_)
    if (p->entry.name == name) return p.get();
  return nullptr;
}

void PluginManager::fail(Slot& slot, std::string error) {
  log::error("plugin failed to start", {{"plugin", slot.entry.name}, {"error", error}});
  update(slot, [&](PluginStatus& s) {
    s.state = PluginState::failed;
    s.error = std::move(error);
    s.routes.clear();
    s.child.reset();  // a child that never served has nothing to show
  });
}

std::unique_ptr<PluginInstance> PluginManager::open_for(
    Slot& slot, const config::PluginEntry& entry, const std::vector<std::string>& plugin_dirs) {
  auto path = resolve_plugin_path(entry, plugin_dirs);
  if (!path) {
    fail(slot, path.error());
    return nullptr;
  }
  return open_at(slot, entry, *path);
}

std::unique_ptr<PluginInstance> PluginManager::open_at(Slot& slot, const config::PluginEntry& entry,
                                                       const std::string& path) {
  update(slot, [&](PluginStatus& s) {
    s.path = path;
    s.isolation = entry.isolation.mode;
  });
  auto opened = open_instance(entry, path, library_load());
  if (!opened) {
    fail(slot, opened.error());
    return nullptr;
  }
  update(slot, [&](PluginStatus& s) { record_library(s, **opened); });
  return std::move(*opened);
}

Expected<std::unique_ptr<PluginInstance>> PluginManager::open_instance(
    const config::PluginEntry& entry, const std::string& path, LibraryLoad load) const {
  if (entry.isolation.mode == config::IsolationMode::in_process)
    return PluginInstance::open(entry, path, load);
  auto code = services_.open_isolated(entry, path);
  if (!code) return unexpected(std::move(code).error());
  return PluginInstance::adopt(entry, path, std::move(*code));
}

std::vector<std::string> PluginManager::start(const config::HostConfig& config,
                                              std::stop_token stop) {
  watch_plugins_ = config.watch_plugins;
  Pending pending;
  for (const auto& entry : config.plugins) {
    if (stop.stop_requested()) break;
    Slot& slot = add_slot(entry);
    if (!entry.enabled) continue;
    if (auto instance = open_for(slot, entry, config.plugin_dirs))
      pending.emplace_back(&slot, std::move(instance));
  }
  start_in_order(std::move(pending), stop);

  std::vector<std::string> fatal;
  for (const PluginStatus& s : statuses())
    if (s.state == PluginState::failed && s.required)
      fatal.push_back("required plugin '" + s.name + "': " + s.error);
  return fatal;
}

std::vector<PluginManager::Slot*> PluginManager::start_in_order(Pending pending,
                                                                std::stop_token stop) {
  std::vector<DependencyNode> nodes;
  for (const auto& [slot, instance] : pending)
    nodes.push_back({slot->entry.name, instance->depends()});
  DependencyOrder order = dependency_order(nodes);
  std::vector<Slot*> tried;
  for (std::size_t i : order.cyclic) {
    fail(*pending[i].first, order.cycle_error());
    tried.push_back(pending[i].first);
  }
  for (std::size_t i : order.order) {
    if (stop.stop_requested()) break;
    auto& [slot, instance] = pending[i];
    tried.push_back(slot);
    std::string missing;
    for (const auto& dep : instance->depends()) {
      const Slot* d = find(dep);
      if (!d)
        missing = "depends on plugin '" + dep + "', which is not configured";
      else if (d->status.state != PluginState::running)
        missing =
            "depends on plugin '" + dep + "', which is " + std::string(to_string(d->status.state));
      if (!missing.empty()) break;
    }
    if (!missing.empty()) {
      fail(*slot, "plugin '" + slot->entry.name + "' " + missing);
      continue;
    }
    if (auto installed = install(*slot, std::move(instance), std::chrono::milliseconds(0));
        !installed)
      fail(*slot, installed.error());
  }
  return tried;
}

Expected<void> PluginManager::install(Slot& slot, std::unique_ptr<PluginInstance> next,
                                      std::chrono::milliseconds drain, bool rebuilt) {
  const std::string& name = slot.entry.name;
  const bool replacing = static_cast<bool>(slot.instance);
  auto staged = next->stage(services_, slot.database, replacing, slot.stats);
  std::optional<std::string> failure;
  RouteRefs replaced;
  std::vector<std::string> route_names;
  if (!staged) {
    failure = staged.error();
  } else {
    std::vector<routing::Route> routes = next->take_routes();
    for (const auto& r : routes)
      route_names.push_back(std::string(to_string(r.method)) + " " + r.pattern.text);
    if (replacing) {
      auto swapped = table_.replace_owner(name, std::move(routes));
      if (swapped) {
        replaced = std::move(*swapped);
      } else {
        failure = std::move(swapped).error();
      }
    } else if (auto added = table_.add(std::move(routes)); !added) {
      failure = std::move(added).error();
    }
    if (failure) {
      if (auto undone = next->abandon(); !undone) *failure += "; " + undone.error();
    }
  }
  if (failure) {
    next.reset();  // abandoned: nothing of it serves or runs
    return unexpected((replacing ? "the new instance failed to register: "
                                 : "plugin '" + name + "' failed to register: ") +
                      *failure);
  }
  // The task host knows a plugin by name: the old instance's tasks stop before the new one's
  // start; its requests in flight finish after.
  std::unique_ptr<PluginInstance> old = std::move(slot.instance);
  if (old) old->deactivate();
  next->activate();
  update(slot, [&](PluginStatus& s) {
    s.state = PluginState::running;
    s.error.clear();
    s.routes = std::move(route_names);
    s.mount = next->mount();
    s.required = next->entry().required;
    record_library(s, *next);
    if (rebuilt) {
      ++s.swaps;
      s.swap_error.clear();
    }
  });
  slot.entry = next->entry();
  slot.instance = std::move(next);
  if (old) {
    retire(std::move(old), std::move(replaced), drain);
  } else {
    started_.push_back(&slot);
    log::info("plugin started", {{"plugin", name},
                                 {"version", slot.status.version},
                                 {"mount", slot.status.mount},
                                 {"routes", slot.status.routes.size()}});
  }
  return {};
}

void PluginManager::retire(std::unique_ptr<PluginInstance> instance, RouteRefs routes,
                           std::chrono::milliseconds drain) noexcept {
  if (instance->retire(std::move(routes), drain)) return;  // destroyed: its library unloads
  retired_.push_back(std::move(instance));
}

void PluginManager::stop_slot(Slot& slot, PluginState final_state,
                              std::chrono::milliseconds drain) noexcept {
  started_.erase(std::remove(started_.begin(), started_.end(), &slot), started_.end());
  RouteRefs routes = table_.remove_owner(slot.entry.name);
  if (slot.instance) retire(std::move(slot.instance), std::move(routes), drain);
  update(slot, [&](PluginStatus& s) {
    s.state = final_state;
    s.routes.clear();
  });
  log::info("plugin stopped", {{"plugin", slot.entry.name}});
}

void PluginManager::stop_all() noexcept {
  while (!started_.empty()) stop_slot(*started_.back(), PluginState::stopped, {});
  for (auto& instance : retired_) instance->stop();  // requests that outlived a drain are over
}

std::vector<PluginStatus> PluginManager::statuses() const {
  std::lock_guard lock(mutex_);
  std::vector<PluginStatus> out;
  for (const auto& p : plugins_) out.push_back(p->status);
  return out;
}

std::optional<PluginStatus> PluginManager::owner_of(std::string_view path) const {
  std::lock_guard lock(mutex_);
  const PluginStatus* best = nullptr;
  for (const auto& p : plugins_) {
    const std::string& mount = p->status.mount;
    const bool under = mount == "/" || path == mount ||
                       (path.size() > mount.size() && path.compare(0, mount.size(), mount) == 0 &&
                        path[mount.size()] == '/');
    if (under && (!best || mount.size() > best->mount.size())) best = &p->status;
  }
  if (!best) return std::nullopt;
  return *best;
}

}  // namespace berth::plugins
