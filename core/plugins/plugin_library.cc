#define BOOST_DLL_USE_STD_FS
#include "plugins/plugin_library.h"

#include "config/file_type.h"
#include "plugins/build_signature.h"
#include "plugins/descriptor_fields.h"
#include "plugins/plugin_context.h"
#include "plugins/sdk_version.h"

#include <elf.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>

#include <boost/dll/shared_library.hpp>

namespace berth::plugins {

struct PluginLibrary::Handle {
  boost::dll::shared_library library;
};

// Refused, naming `path`, when it is not a regular file: what it is instead.
Expected<void> check_plugin_file(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR)
      return unexpected(path.string() + ": no such plugin file");
    return unexpected(path.string() + ": cannot read plugin file: " +
                      std::error_code(errno, std::generic_category()).message());
  }
  if (S_ISREG(st.st_mode)) return {};
  return unexpected(path.string() + ": not a plugin file: it is " +
                    std::string(config::file_type_name(st.st_mode)) +
                    ", not a shared library (.so)");
}

struct LibraryOpener {
  static Expected<std::unique_ptr<PluginLibrary>> open(const std::filesystem::path& path,
                                                       LibraryLoad load);
};

namespace {

// The dynamic loader maps segments a file is too short for and the process dies of SIGBUS on the
// first touch: a file cut short (a build or copy still going, or one that failed half-way) is
// refused first. `file` is what will be loaded; messages name `path`.
Expected<void> check_complete_elf(const std::filesystem::path& file,
                                  const std::filesystem::path& path) {
  std::ifstream in(file, std::ios::binary);
  Elf64_Ehdr header{};
  in.read(reinterpret_cast<char*>(&header), sizeof header);
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (!in || ec || std::memcmp(header.e_ident, ELFMAG, SELFMAG) != 0 ||
      header.e_ident[EI_CLASS] != ELFCLASS64 || header.e_phentsize != sizeof(Elf64_Phdr))
    return unexpected(path.string() + ": not a shared library (no 64-bit ELF header)");
  std::uint64_t needed = header.e_shoff + std::uint64_t{header.e_shnum} * header.e_shentsize;
  needed = std::max<std::uint64_t>(
      needed, header.e_phoff + std::uint64_t{header.e_phnum} * header.e_phentsize);
  if (needed <= size) {
    in.seekg(static_cast<std::streamoff>(header.e_phoff));
    for (int i = 0; i < header.e_phnum && in; ++i) {
      Elf64_Phdr segment{};
      in.read(reinterpret_cast<char*>(&segment), sizeof segment);
      if (in && segment.p_type == PT_LOAD)
        needed = std::max<std::uint64_t>(needed, segment.p_offset + segment.p_filesz);
    }
  }
  if (needed > size)
    return unexpected(path.string() + ": incomplete shared library: " + std::to_string(size) +
                      " bytes, its headers need " + std::to_string(needed) +
                      " (still being written, or cut short)");
  return {};
}

// The copy LibraryLoad::private_copy loads: beside the file, a name of its own per load.
Expected<std::filesystem::path> private_copy_of(const std::filesystem::path& path) {
  static std::atomic<std::uint64_t> copies{0};
  const std::filesystem::path copy =
      path.parent_path() / ("." + path.filename().string() + ".berth-" +
                            std::to_string(::getpid()) + "-" + std::to_string(++copies));
  std::error_code ec;
  std::filesystem::copy_file(path, copy, std::filesystem::copy_options::overwrite_existing, ec);
  if (!ec) return copy;
  const std::string why = ec.message();
  std::filesystem::remove(copy, ec);
  return unexpected(path.string() + ": cannot copy the library beside itself to load it (" +
                    copy.string() + "): " + why);
}

// Loads `path` itself, or a private copy of it that is gone from the folder once loaded.
Expected<void> load_library(boost::dll::shared_library& library, const std::filesystem::path& path,
                            LibraryLoad load) {
  std::filesystem::path file = path;
  if (load.private_copy) {
    auto copy = private_copy_of(path);
    if (!copy) return unexpected(std::move(copy).error());
    file = std::move(*copy);
  }
  Expected<void> loaded = check_complete_elf(file, path);
  try {
    if (loaded)
      library.load(file, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    loaded = unexpected(path.string() + ": cannot load shared library: " + e.what());
  }
  if (load.private_copy) {
    std::error_code ec;
    std::filesystem::remove(file, ec);  // the mapping stays
  }
  return loaded;
}

}  // namespace

PluginLibrary::~PluginLibrary() = default;

int PluginLibrary::register_plugin(PluginContextImpl& context, char* error,
                                   std::size_t error_size) noexcept {
  return descriptor_->register_plugin(&context, error, error_size);
}

Expected<void> check_descriptor(const std::filesystem::path& path, const PluginDescriptor* d) {
  const std::string file = path.string();
  auto refuse = [&file](const std::string& why) -> Expected<void> {
    return unexpected(file + ": " + why);
  };
  if (!d) return refuse(std::string(kEntrySymbol) + "() returned no descriptor");
  // abi_version and struct_size come first in every ABI version, so they are safe to read.
  if (d->abi_version != kAbiVersion)
    return refuse("plugin ABI version " + std::to_string(d->abi_version) + ", host expects " +
                  std::to_string(kAbiVersion) + " (rebuild the plugin against this berth SDK)");
  // A plugin of an older minor has a shorter descriptor than this host's, but never shorter than
  // ABI 3's first one.
  if (d->struct_size < kMinDescriptorSize)
    return refuse("plugin descriptor is " + std::to_string(d->struct_size) +
                  " bytes, host expects at least " + std::to_string(kMinDescriptorSize));
  if (!d->build_signature) return refuse("plugin has no build signature");
  SignatureFields fields = parse_signature(d->build_signature);
  auto sdk = fields.find("sdk");
  auto sdk_fits =
      check_sdk(sdk == fields.end() ? std::string_view() : sdk->second, host_sdk_version());
  if (!sdk_fits) return refuse(sdk_fits.error());
  std::string mismatch = signature_mismatch(d->build_signature, host_signature());
  if (!mismatch.empty())
    return refuse("incompatible build: " + mismatch +
                  " (rebuild the plugin with the toolchain and SDK of this host: " +
                  std::string(host_signature()) + ")");
  if (!d->name || !*d->name) return refuse("plugin descriptor has no name");
  if (!d->register_plugin) return refuse("plugin descriptor has no register function");
  return {};
}

Expected<std::unique_ptr<PluginLibrary>> LibraryOpener::open(const std::filesystem::path& path,
                                                             LibraryLoad load) {
  if (auto file = check_plugin_file(path); !file) return unexpected(std::move(file).error());
  auto handle = std::make_unique<PluginLibrary::Handle>();
  if (auto loaded = load_library(handle->library, path, load); !loaded)
    return unexpected(std::move(loaded).error());
  if (!handle->library.has(kEntrySymbol)) {
    return unexpected(path.string() + ": not a berth plugin: no '" + std::string(kEntrySymbol) +
                      "' symbol (write the entry with BERTH_PLUGIN)");
  }
  auto entry = handle->library.get<const PluginDescriptor*()>(kEntrySymbol);
  const PluginDescriptor* descriptor = entry();
  if (auto loadable = check_descriptor(path, descriptor); !loadable)
    return unexpected(std::move(loadable).error());
  std::unique_ptr<PluginLibrary> library(new PluginLibrary());
  library->handle_ = std::move(handle);
  library->descriptor_ = descriptor;
  library->path_ = path;
  return library;
}

Expected<std::unique_ptr<PluginLibrary>> open_plugin_library(const std::filesystem::path& path,
                                                             LibraryLoad load) {
  return LibraryOpener::open(path, load);
}

Expected<InspectResult> inspect_plugin_library(const std::filesystem::path& path) {
  if (auto file = check_plugin_file(path); !file) return unexpected(std::move(file).error());
  boost::dll::shared_library library;
  if (auto loaded = load_library(library, path, {}); !loaded)
    return unexpected(std::move(loaded).error());
  if (!library.has(kEntrySymbol)) {
    return unexpected(path.string() + ": not a berth plugin: no '" + std::string(kEntrySymbol) +
                      "' symbol");
  }
  const PluginDescriptor* d = library.get<const PluginDescriptor*()>(kEntrySymbol)();
  InspectResult result;
  result.loadable = check_descriptor(path, d);
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
