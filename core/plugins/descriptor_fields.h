#pragma once
// Reading a PluginDescriptor that may come from a plugin of an older SDK minor than the host: its
// struct_size is what that plugin was compiled with, so it may end before fields appended since.
#include <berth/plugin.h>

#include <cstddef>

namespace berth::plugins {

// The ABI-3 descriptor as first released (SDK 0.3) ends with config_schema. Every plugin of this
// ABI has at least these fields, so the host reads them unconditionally and refuses a smaller
// struct_size. Fields appended later are read through descriptor_field().
inline constexpr std::size_t kMinDescriptorSize =
    offsetof(PluginDescriptor, config_schema) + sizeof(PluginDescriptor::config_schema);

// `descriptor.*field`, or null when the descriptor's struct_size ends before the field, i.e. the
// plugin was built before the field was appended. Any descriptor type with a struct_size will do.
template <class Descriptor, class T>
const T* descriptor_field(const Descriptor& descriptor, T Descriptor::*field) noexcept {
  // The field's end comes from a value of the host's own layout, so that `descriptor` is not
  // touched past its struct_size.
  static constexpr Descriptor layout{};
  const auto offset = reinterpret_cast<const unsigned char*>(&(layout.*field)) -
                      reinterpret_cast<const unsigned char*>(&layout);
  if (descriptor.struct_size < static_cast<std::size_t>(offset) + sizeof(T)) return nullptr;
  return &(descriptor.*field);
}

}  // namespace berth::plugins
