#pragma once
// A plugin's shared library, opened with Boost.DLL and checked before any of its code runs
// beyond the entry function: ABI version, descriptor size, build signature, name.
#include <berth/plugin.h>

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

}  // namespace berth::plugins
