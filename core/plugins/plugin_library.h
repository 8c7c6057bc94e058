#pragma once
// A plugin's shared library, opened with Boost.DLL and checked before any of its code runs
// beyond the entry function: ABI version, descriptor size, build signature, name.
#include <berth/plugin.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <variant>

namespace berth::plugins {

class PluginLibrary {
 public:
  ~PluginLibrary();
  const PluginDescriptor& descriptor() const noexcept { return *descriptor_; }
  const std::filesystem::path& path() const noexcept { return path_; }

 private:
  friend struct LibraryOpener;
  PluginLibrary() = default;
  struct Handle;
  std::unique_ptr<Handle> handle_;
  const PluginDescriptor* descriptor_ = nullptr;
  std::filesystem::path path_;
};

struct OpenResult {
  std::unique_ptr<PluginLibrary> library;
  std::string error;  // set when library is null; names the file, what it got and what it expected
};

OpenResult open_plugin_library(const std::filesystem::path& path);

// Checks a descriptor as the host would; empty when loadable. Exposed for `berth inspect` and
// unit tests.
std::string check_descriptor(const std::filesystem::path& path, const PluginDescriptor* descriptor);

// What `berth inspect` shows: the library is loaded and its entry called, but nothing is checked
// before reading the descriptor and the register function never runs. The library is unloaded
// before returning; every field is a copy.
struct InspectResult {
  bool is_plugin = false;  // false: `error` says why (missing, not loadable, no entry symbol)
  std::string error;
  std::uint32_t abi_version = 0;
  std::uint32_t struct_size = 0;
  // The descriptor is of this host's ABI (any SDK minor of it) and at least ABI 3's first size:
  // the strings below are set. A plugin of a newer minor is readable too, only refused.
  bool fields_readable = false;
  std::string name, version, description, build_signature, depends;
  std::string config_schema;  // JSON text; empty when the plugin declares none
  std::string refusal;        // check_descriptor(): empty when this host can load the plugin
};

InspectResult inspect_plugin_library(const std::filesystem::path& path);

}  // namespace berth::plugins
