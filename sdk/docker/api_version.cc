#include <berth/docker/api_version.h>
#include <berth/docker/engine_error.h>

#include <charconv>

namespace berth::docker {
namespace {

std::optional<int> number(std::string_view text) {
  // Digits only: from_chars would take a sign.
  if (text.empty() || text.size() > 4 || text[0] < '0' || text[0] > '9') return std::nullopt;
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<ApiVersion> ApiVersion::parse(std::string_view text) {
  auto dot = text.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  auto major = number(text.substr(0, dot));
  auto minor = number(text.substr(dot + 1));
  if (!major || !minor) return std::nullopt;
  return ApiVersion{*major, *minor};
}

std::string ApiVersion::str() const {
  return std::to_string(major) + "." + std::to_string(minor);
}

ApiVersion negotiate_api_version(const nlohmann::json& version_reply) {
  auto field = version_reply.is_object() ? version_reply.find("ApiVersion") : version_reply.end();
  if (field == version_reply.end() || !field->is_string())
    throw EngineError(EngineError::Kind::protocol, 502,
                      "Docker Engine's /version has no ApiVersion");
  auto engine = ApiVersion::parse(field->get<std::string>());
  if (!engine)
    throw EngineError(
        EngineError::Kind::protocol, 502,
        "Docker Engine's ApiVersion '" + field->get<std::string>() + "' is not a version");
  if (*engine < kOldestApiVersion)
    throw EngineError(EngineError::Kind::protocol, 502,
                      "Docker Engine API " + engine->str() + " is older than " +
                          kOldestApiVersion.str() + ", the oldest berth supports");
  return *engine < kNewestApiVersion ? *engine : kNewestApiVersion;
}

}  // namespace berth::docker
