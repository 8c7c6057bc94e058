#include <berth/docker/api_version.h>
#include <berth/docker/engine_error.h>
#include <doctest/doctest.h>

using berth::docker::ApiVersion;
using berth::docker::EngineError;
using berth::docker::negotiate_api_version;

TEST_CASE("API versions parse only as major.minor") {
  CHECK(ApiVersion::parse("1.41") == ApiVersion{1, 41});
  CHECK(ApiVersion::parse("1.9") == ApiVersion{1, 9});
  CHECK(ApiVersion::parse("2.0") == ApiVersion{2, 0});
  for (const char* bad : {"", "1", "1.", ".41", "v1.41", "1.41.0", "1.x", "1.-4", "-1.41", "1.+4",
                          " 1.41", "12345.1"})
    CHECK_MESSAGE(!ApiVersion::parse(bad), std::string(bad));
  CHECK(ApiVersion{1, 41}.str() == "1.41");
  CHECK(ApiVersion{1, 9} < ApiVersion{1, 41});  // numeric, not lexical
}

TEST_CASE("negotiation uses the engine's version, capped at the newest berth knows") {
  CHECK(negotiate_api_version({{"ApiVersion", "1.41"}, {"MinAPIVersion", "1.12"}}) ==
        ApiVersion{1, 41});
  CHECK(negotiate_api_version({{"ApiVersion", "1.43"}}) == ApiVersion{1, 43});
  CHECK(negotiate_api_version({{"ApiVersion", "1.47"}}) == berth::docker::kNewestApiVersion);
}

TEST_CASE("an engine older than 1.41 or a /version without ApiVersion is refused") {
  auto status_and_message = [](const nlohmann::json& reply) {
    try {
      negotiate_api_version(reply);
    } catch (const EngineError& e) {
      CHECK(e.kind() == EngineError::Kind::protocol);
      return std::make_pair(e.status(), std::string(e.what()));
    }
    return std::make_pair(0, std::string());
  };
  auto [status, message] = status_and_message({{"ApiVersion", "1.40"}});
  CHECK(status == 502);
  CHECK(message == "Docker Engine API 1.40 is older than 1.41, the oldest berth supports");
  CHECK(status_and_message(nlohmann::json::object()).first == 502);
  CHECK(status_and_message({{"ApiVersion", 1.41}}).first == 502);
  CHECK(status_and_message({{"ApiVersion", "latest"}}).second.find("'latest'") !=
        std::string::npos);
  CHECK(status_and_message(nlohmann::json::array()).first == 502);
}
