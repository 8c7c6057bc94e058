#pragma once
// A plugin's shared library, opened with Boost.DLL and checked before any of its code runs
// beyond the entry function: ABI version, descriptor size, build signature, name.
#include "base/expected.h"
#include "plugins/plugin_code.h"

#include <berth/plugin.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <variant>

namespace berth::plugins {

class PluginLibrary final : public PluginCode {
 public:
  ~PluginLibrary() override;
  const PluginDescriptor& descriptor() const noexcept override { return *descriptor_; }
  int register_plugin(PluginContextImpl& context, char* error,
                      std::size_t error_size) noexcept override;
  const std::filesystem::path& path() const noexcept { return path_; }

 private:
  friend struct LibraryOpener;
  PluginLibrary() = default;
  struct Handle;
  std::unique_ptr<Handle> handle_;
  const PluginDescriptor* descriptor_ = nullptr;
  std::filesystem::path path_;
};

struct LibraryLoad {
  // Load a private copy of the file (made beside it, so that $ORIGIN still finds its
  // neighbours, and unlinked once loaded) rather than the file itself: the file can then be
  // rebuilt in place while the library runs, and each load is a library of its own (the dynamic
  // loader would hand out the loaded one again for the same path) that unloads on its own.
  bool private_copy = false;
};

// A refusal names the file, what it got and what it expected.
Expected<std::unique_ptr<PluginLibrary>> open_plugin_library(const std::filesystem::path& path,
                                                             LibraryLoad load = {});

// Checks a descriptor as the host would. Exposed for `berth inspect` and unit tests.
Expected<void> check_descriptor(const std::filesystem::path& path,
                                const PluginDescriptor* descriptor);

// What `berth inspect` shows: the library is loaded and its entry called, but nothing is checked
// before reading the descriptor and the register function never runs. The library is unloaded
// before returning; every field is a copy.
struct InspectResult {
  std::uint32_t abi_version = 0;
  std::uint32_t struct_size = 0;
  // The descriptor is of this host's ABI (any SDK minor of it) and at least ABI 3's first size:
  // the strings below are set. A plugin of a newer minor is readable too, only refused.
  bool fields_readable = false;
  std::string name, version, description, build_signature, depends;
  std::string config_schema;  // JSON text; empty when the plugin declares none
  Expected<void> loadable;    // check_descriptor(): whether this host can load the plugin
};

// Refused when the file is not a plugin (missing, not loadable, no entry symbol).
Expected<InspectResult> inspect_plugin_library(const std::filesystem::path& path);

}  // namespace berth::plugins
