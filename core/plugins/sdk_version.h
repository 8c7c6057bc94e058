#pragma once
// Which SDK a plugin may have been built against for this host to load it: the `sdk` field of its
// build signature is compared by rule, not equality (docs/plugin-guide.md, "SDK versions and
// compatibility").
#include "base/expected.h"

#include <optional>
#include <string>
#include <string_view>

namespace berth::plugins {

// The SDK level a build signature records: major.minor. The patch is not recorded, as a patch
// release changes no declaration.
struct SdkVersion {
  unsigned major = 0;
  unsigned minor = 0;
  std::string text() const;  // "0.4"
  friend bool operator==(const SdkVersion&, const SdkVersion&) = default;
};

// "0.4" → {0, 4}; nullopt for anything else ("0.4.1", "v0.4", "0.", "", out of range).
std::optional<SdkVersion> parse_sdk_version(std::string_view text);

// This host's SDK (BERTH_SDK_VERSION_MAJOR.MINOR).
SdkVersion host_sdk_version() noexcept;

// Whether a plugin whose signature says `sdk=<plugin_sdk>` may load in a host of SDK `host`: the
// same major, and a minor no newer than the host's. A minor only appends to what the host
// offers, so an older plugin uses a prefix of it; a newer one may call what this host lacks.
// A refusal starts "built against berth SDK <plugin_sdk>" and says what to do.
// The ABI version is not part of this: the descriptor's abi_version must equal the host's too.
Expected<void> check_sdk(std::string_view plugin_sdk, SdkVersion host);

}  // namespace berth::plugins
