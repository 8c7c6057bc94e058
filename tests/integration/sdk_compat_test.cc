// SDK compatibility through the real binary: sdk03, built against the frozen SDK 0.3 headers,
// loads and serves routes, storage and a job; newer_sdk, claiming the host's minor + 1, is refused
// saying so, both at start and by `berth inspect`.
#include "berth_host.h"

#include <berth/version.h>

#include <doctest/doctest.h>

#include <chrono>
#include <map>
#include <thread>

using namespace berth::test;

namespace {

const std::string kHostSdk =
    std::to_string(BERTH_SDK_VERSION_MAJOR) + "." + std::to_string(BERTH_SDK_VERSION_MINOR);
const std::string kNewerSdk =
    std::to_string(BERTH_SDK_VERSION_MAJOR) + "." + std::to_string(BERTH_SDK_VERSION_MINOR + 1);

std::string newer_refusal(const std::string& file) {
  return file + ": built against berth SDK " + kNewerSdk + ", newer than this host's SDK " +
         kHostSdk + ": upgrade berth or rebuild the plugin against SDK " + kHostSdk;
}

std::map<std::string, nlohmann::json> plugins_by_name(HttpClient& c) {
  std::map<std::string, nlohmann::json> by_name;
  const auto list = c.get("/_berth/plugins").json()["plugins"];
  for (const auto& p : list) by_name[p["name"]] = p;
  return by_name;
}

nlohmann::json finished_job(HttpClient& c, const std::string& id) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  auto job = c.get("/_berth/jobs/" + id).json();
  while (job["state"] == "queued" || job["state"] == "running") {
    if (std::chrono::steady_clock::now() > deadline) break;
    job = c.get("/_berth/jobs/" + id +
                "?wait=5&version=" + std::to_string(job["version"].get<long>()))
              .json();
  }
  return job;
}

}  // namespace

TEST_CASE("a plugin built against SDK 0.3 serves in this host; a newer one is refused") {
  BerthHost host(HostOptions{.plugins_yaml = "  - name: sdk03\n"
                                             "  - name: newer_sdk\n"
                                             "  - name: hello\n    mount: /\n"});
  auto c = host.client();

  auto sdk = c.get("/sdk03/sdk").json();
  CHECK(sdk["sdk"] == "0.3.0");
  CHECK(sdk["signature"].get<std::string>().rfind("sdk=0.3;", 0) == 0);

  auto created = c.post_json("/sdk03/words", {{"word", "prefix"}});
  CHECK(created.status == 201);
  CHECK(created.json()["word"] == "prefix");
  CHECK(c.post_json("/sdk03/words", nlohmann::json::object()).status == 400);
  auto words = c.get("/sdk03/words").json()["words"];
  REQUIRE(words.size() == 1);
  CHECK(words[0]["word"] == "prefix");

  auto queued = c.post_json("/sdk03/jobs/count", nlohmann::json::object());
  REQUIRE(queued.status == 202);
  auto job = finished_job(c, queued.json()["id"]);
  CHECK(job["state"] == "succeeded");
  CHECK(job["result"]["words"] == 1);

  auto by_name = plugins_by_name(c);
  CHECK(by_name["sdk03"]["status"] == "running");
  CHECK(by_name["sdk03"]["version"] == "0.3.7");
  CHECK(by_name["sdk03"]["routes"] == nlohmann::json{"GET /sdk03/sdk", "POST /sdk03/words",
                                                     "GET /sdk03/words", "POST /sdk03/jobs/count"});
  CHECK(by_name["newer_sdk"]["status"] == "failed");
  CHECK(by_name["newer_sdk"]["routes"].empty());
  CHECK(by_name["newer_sdk"]["error"] ==
        newer_refusal(build_path("fixtures/newer_sdk.so").string()));
  CHECK(c.get("/hello").status == 200);
}

TEST_CASE("berth inspect: the 0.3 plugin is loadable, the newer one is not and says why") {
  const std::string old_file = build_path("fixtures/sdk03.so").string();
  auto old_plugin = run_command({berth_binary(), "inspect", old_file});
  CHECK(old_plugin.exit_code == 0);
  CHECK(old_plugin.output.find("name:            sdk03\n") != std::string::npos);
  CHECK(old_plugin.output.find("version:         0.3.7\n") != std::string::npos);
  CHECK(old_plugin.output.find("sdk:             0.3 (host: " + kHostSdk + ")\n") !=
        std::string::npos);
  CHECK(old_plugin.output.find("build signature: sdk=0.3;") != std::string::npos);
  CHECK(old_plugin.output.find("loadable:        yes\n") != std::string::npos);

  const std::string new_file = build_path("fixtures/newer_sdk.so").string();
  auto new_plugin = run_command({berth_binary(), "inspect", new_file});
  CHECK(new_plugin.exit_code == 1);
  CHECK(new_plugin.output.find("sdk:             " + kNewerSdk + " (host: " + kHostSdk + ")\n") !=
        std::string::npos);
  CHECK(new_plugin.output.find("loadable:        no\n") != std::string::npos);
  CHECK(new_plugin.output.find("reason:          " + newer_refusal(new_file) + "\n") !=
        std::string::npos);
}
