#define BOOST_DLL_USE_STD_FS
#include "plugins/plugin_library.h"

#include "config/file_type.h"
#include "plugins/build_signature.h"
#include "plugins/descriptor_fields.h"
#include "plugins/sdk_version.h"

#include <sys/stat.h>

#include <cerrno>
#include <system_error>

#include <boost/dll/shared_library.hpp>

namespace berth::plugins {

struct PluginLibrary::Handle {
  boost::dll::shared_library library;
};

// Empty when `path` is a regular file; else what it is instead, naming it.
std::string why_not_a_plugin_file(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return path.string() + ": no such plugin file";
    return path.string() + ": cannot read plugin file: " +
           std::error_code(errno, std::generic_category()).message();
  }
  if (S_ISREG(st.st_mode)) return {};
  return path.string() + ": not a plugin file: it is " +
         std::string(config::file_type_name(st.st_mode)) + ", not a shared library (.so)";
}

struct LibraryOpener {
  static OpenResult open(const std::filesystem::path& path);
};

PluginLibrary::~PluginLibrary() = default;

std::string check_descriptor(const std::filesystem::path& path, const PluginDescriptor* d) {
  const std::string file = path.string();
  if (!d) return file + ": " + kEntrySymbol + "() returned no descriptor";
  // abi_version and struct_size come first in every ABI version, so they are safe to read.
  if (d->abi_version != kAbiVersion)
    return file + ": plugin ABI version " + std::to_string(d->abi_version) + ", host expects " +
           std::to_string(kAbiVersion) + " (rebuild the plugin against this berth SDK)";
  // A plugin of an older minor has a shorter descriptor than this host's, but never shorter than
  // ABI 3's first one.
  if (d->struct_size < kMinDescriptorSize)
    return file + ": plugin descriptor is " + std::to_string(d->struct_size) +
           " bytes, host expects at least " + std::to_string(kMinDescriptorSize);
  if (!d->build_signature) return file + ": plugin has no build signature";
  SignatureFields fields = parse_signature(d->build_signature);
  auto sdk = fields.find("sdk");
  std::string sdk_problem =
      sdk_refusal(sdk == fields.end() ? std::string_view() : sdk->second, host_sdk_version());
  if (!sdk_problem.empty()) return file + ": " + sdk_problem;
  std::string mismatch = signature_mismatch(d->build_signature, host_signature());
  if (!mismatch.empty())
    return file + ": incompatible build: " + mismatch +
           " (rebuild the plugin with the toolchain and SDK of this host: " +
           std::string(host_signature()) + ")";
  if (!d->name || !*d->name) return file + ": plugin descriptor has no name";
  if (!d->register_plugin) return file + ": plugin descriptor has no register function";
  return {};
}

OpenResult LibraryOpener::open(const std::filesystem::path& path) {
  OpenResult result;
  result.error = why_not_a_plugin_file(path);
  if (!result.error.empty()) return result;
  auto handle = std::make_unique<PluginLibrary::Handle>();
  try {
    handle->library.load(path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    result.error = path.string() + ": cannot load shared library: " + e.what();
    return result;
  }
  if (!handle->library.has(kEntrySymbol)) {
    result.error = path.string() + ": not a berth plugin: no '" + std::string(kEntrySymbol) +
                   "' symbol (write the entry with BERTH_PLUGIN)";
    return result;
  }
  auto entry = handle->library.get<const PluginDescriptor*()>(kEntrySymbol);
  const PluginDescriptor* descriptor = entry();
  result.error = check_descriptor(path, descriptor);
  if (!result.error.empty()) return result;
  result.library.reset(new PluginLibrary());
  result.library->handle_ = std::move(handle);
  result.library->descriptor_ = descriptor;
  result.library->path_ = path;
  return result;
}

OpenResult open_plugin_library(const std::filesystem::path& path) {
  return LibraryOpener::open(path);
}

InspectResult inspect_plugin_library(const std::filesystem::path& path) {
  InspectResult result;
  result.error = why_not_a_plugin_file(path);
  if (!result.error.empty()) return result;
  boost::dll::shared_library library;
  try {
    library.load(path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    result.error = path.string() + ": cannot load shared library: " + e.what();
    return result;
  }
  if (!library.has(kEntrySymbol)) {
    result.error =
        path.string() + ": not a berth plugin: no '" + std::string(kEntrySymbol) + "' symbol";
    return result;
  }
  const PluginDescriptor* d = library.get<const PluginDescriptor*()>(kEntrySymbol)();
  result.is_plugin = true;
  result.refusal = check_descriptor(path, d);
  if (!d) return result;
  result.abi_version = d->abi_version;
  result.struct_size = d->struct_size;
  // Only a descriptor of this ABI has its fields where this host looks for them; one of an older
  // minor of it has at least the first release's.
  if (d->abi_version != kAbiVersion || d->struct_size < kMinDescriptorSize) return result;
  result.fields_readable = true;
  auto copy = [](const char* s) { return s ? std::string(s) : std::string(); };
  result.name = copy(d->name);
  result.version = copy(d->version);
  result.description = copy(d->description);
  result.build_signature = copy(d->build_signature);
  result.depends = copy(d->depends);
  result.config_schema = copy(d->config_schema);
  return result;
}

}  // namespace berth::plugins
