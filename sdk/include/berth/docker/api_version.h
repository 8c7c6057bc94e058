#pragma once
// Engine API version negotiation, as the docker CLI does it: use the engine's version, capped at
// the newest this client knows; refuse an engine older than the oldest it speaks.
#include <nlohmann/json.hpp>

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace berth::docker {

struct ApiVersion {
  int major = 1;
  int minor = 0;

  // "1.41" -> {1, 41}; anything else (empty, "1", "1.x", "v1.41", "1.41.0") -> nullopt.
  static std::optional<ApiVersion> parse(std::string_view text);
  std::string str() const;
  auto operator<=>(const ApiVersion&) const = default;
};

// Engine 20.10 (Debian 12's docker.io) speaks 1.41; the fields berth reads are unchanged up to
// 1.45, so newer engines are asked for 1.45 (they keep serving older versions).
inline constexpr ApiVersion kOldestApiVersion{1, 41};
inline constexpr ApiVersion kNewestApiVersion{1, 45};

// From the engine's GET /version answer: the version to put in request paths. Throws
// EngineError(protocol, 502) when ApiVersion is missing or malformed, or older than 1.41.
ApiVersion negotiate_api_version(const nlohmann::json& version_reply);

}  // namespace berth::docker
