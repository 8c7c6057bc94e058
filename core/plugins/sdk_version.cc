#include "plugins/sdk_version.h"

#include <berth/version.h>

#include <charconv>

namespace berth::plugins {
namespace {

// A run of decimal digits that fits `unsigned`, consumed from the front of `text`.
std::optional<unsigned> take_number(std::string_view& text) {
  unsigned value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end == text.data()) return std::nullopt;
  text.remove_prefix(static_cast<std::size_t>(end - text.data()));
  return value;
}

}  // namespace

std::string SdkVersion::text() const {
  return std::to_string(major) + "." + std::to_string(minor);
}

std::optional<SdkVersion> parse_sdk_version(std::string_view text) {
  auto major = take_number(text);
  if (!major || text.empty() || text.front() != '.') return std::nullopt;
  text.remove_prefix(1);
  auto minor = take_number(text);
  if (!minor || !text.empty()) return std::nullopt;
  return SdkVersion{*major, *minor};
}

SdkVersion host_sdk_version() noexcept {
  return {BERTH_SDK_VERSION_MAJOR, BERTH_SDK_VERSION_MINOR};
}

Expected<void> check_sdk(std::string_view plugin_sdk, SdkVersion host) {
  const std::string rebuild = "rebuild the plugin against SDK " + host.text();
  auto plugin = parse_sdk_version(plugin_sdk);
  if (!plugin)
    return unexpected(plugin_sdk.empty()
                          ? "build signature names no berth SDK (no sdk= field): " + rebuild
                          : "built against berth SDK '" + std::string(plugin_sdk) +
                                "', not a major.minor this host understands: " + rebuild);
  const bool newer =
      plugin->major > host.major || (plugin->major == host.major && plugin->minor > host.minor);
  if (newer)
    return unexpected("built against berth SDK " + plugin->text() +
                      ", newer than this host's SDK " + host.text() + ": upgrade berth or " +
                      rebuild);
  // Another major may have changed anything; within one, an older minor is a prefix of this one.
  if (plugin->major != host.major)
    return unexpected("built against berth SDK " + plugin->text() +
                      ", an older major than this host's SDK " + host.text() + ": " + rebuild);
  return {};
}

}  // namespace berth::plugins
