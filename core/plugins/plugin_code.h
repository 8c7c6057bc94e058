#pragma once
// What a plugin instance runs: its library loaded into this process (PluginLibrary), or a stand-in
// for one a child process loaded and serves (isolation: process, core/isolation). The instance,
// its staging, rollback and the manager are the same for both.
#include <berth/context.h>
#include <berth/plugin.h>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

namespace berth::plugins {

class PluginContextImpl;

// How a plugin's child process is doing, for /_berth/plugins; read from any thread.
class ChildReport {
 public:
  virtual ~ChildReport() = default;
  virtual nlohmann::json to_json() const = 0;
  // Set once the child crashed too often to be restarted: why, as the plugin's error.
  virtual std::optional<std::string> failure() const = 0;
};

class PluginCode {
 public:
  virtual ~PluginCode() = default;
  // Checked as check_descriptor() checks; valid as long as this.
  virtual const PluginDescriptor& descriptor() const noexcept = 0;
  // The plugin's register function against `context`: 0, or non-zero with a reason in `error`.
  virtual int register_plugin(PluginContextImpl& context, char* error,
                              std::size_t error_size) noexcept = 0;
  // Null for a library loaded into this process.
  virtual std::shared_ptr<const ChildReport> child_report() const { return nullptr; }
};

}  // namespace berth::plugins
