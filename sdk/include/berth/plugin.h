#pragma once
// The one thing that crosses the .so boundary by name: `berth_plugin_entry`, an extern "C" function
// returning a pointer to a plain, versioned PluginDescriptor. The host checks abi_version,
// struct_size and build_signature before it calls anything else (the rule: version.h).
#include <berth/build_signature.h>
#include <berth/context.h>
#include <berth/guard.h>
#include <berth/version.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace berth {

inline constexpr std::uint32_t kAbiVersion = BERTH_ABI_VERSION;
inline constexpr const char* kEntrySymbol = "berth_plugin_entry";

extern "C" {
struct PluginDescriptor {
  std::uint32_t abi_version;
  std::uint32_t struct_size;
  const char* name;
  const char* version;
  const char* description;
  const char* build_signature;
  // Comma-separated names of plugins that must start first; may be empty.
  const char* depends;
  // 0 on success; otherwise writes a NUL-terminated reason into `error`. Never throws.
  int (*register_plugin)(PluginContext* context, char* error, std::size_t error_size) noexcept;
  // A JSON Schema (draft 4-7 keywords) for the plugin's `config:` section, or null. The host
  // validates the section against it before registration, so the register function sees only
  // config that passed; `berth --check` reports each violation with its YAML file and line.
  const char* config_schema;
  // A later SDK minor appends fields here, never anywhere else. struct_size is what the plugin was
  // built with, so the host reads an appended field only when struct_size covers it: an older
  // plugin's descriptor simply ends before it.
};
}

// What BERTH_PLUGIN takes, in this order: name, version, description, depends, config_schema.
struct PluginInfo {
  const char* name;
  const char* version = "0.0.0";
  const char* description = "";
  const char* depends = "";
  const char* config_schema = nullptr;
};

namespace detail {
template <class F>
int call_register(F&& fn, PluginContext* context, char* error, std::size_t error_size) noexcept {
  std::string failure = run_guarded([&] { fn(*context); }, Thrown::type_and_message);
  if (failure.empty()) return 0;
  if (error_size > 0) {
    std::size_t n = failure.size() < error_size - 1 ? failure.size() : error_size - 1;
    std::memcpy(error, failure.data(), n);
    error[n] = '\0';
  }
  return 1;
}
}  // namespace detail

}  // namespace berth

#define BERTH_EXPORT extern "C" __attribute__((visibility("default")))

// BERTH_PLUGIN(register_fn, .name = "notes", .version = "1.2.0", .description = "...",
//              .depends = "storage", .config_schema = kNotesConfigSchema)
// where register_fn is `void register_fn(berth::PluginContext&)`; it may throw to fail.
#define BERTH_PLUGIN(REGISTER_FN, ...)                                                   \
  namespace {                                                                            \
  int berth_register_trampoline_(::berth::PluginContext* context, char* error,           \
                                 std::size_t error_size) noexcept {                      \
    return ::berth::detail::call_register(REGISTER_FN, context, error, error_size);      \
  }                                                                                      \
  constexpr ::berth::PluginInfo berth_plugin_info_{__VA_ARGS__};                         \
  }                                                                                      \
  BERTH_EXPORT const ::berth::PluginDescriptor* berth_plugin_entry() noexcept {          \
    static const ::berth::PluginDescriptor descriptor{::berth::kAbiVersion,              \
                                                      sizeof(::berth::PluginDescriptor), \
                                                      berth_plugin_info_.name,           \
                                                      berth_plugin_info_.version,        \
                                                      berth_plugin_info_.description,    \
                                                      BERTH_BUILD_SIGNATURE,             \
                                                      berth_plugin_info_.depends,        \
                                                      &berth_register_trampoline_,       \
                                                      berth_plugin_info_.config_schema}; \
    return &descriptor;                                                                  \
  }
