// Broken and incompatible plugins do not stop the others.
#include "berth_host.h"

#include <berth/version.h>

#include <doctest/doctest.h>

using namespace berth::test;

TEST_CASE("a host with broken plugins serves the good ones and reports the rest") {
  BerthHost host(HostOptions{.plugins_yaml = "  - name: hello\n    mount: /\n"
                                             "  - name: wrong_abi\n"
                                             "  - name: wrong_signature\n"
                                             "  - name: no_entry\n"
                                             "  - name: throws\n"
                                             "  - name: conflict\n    mount: /\n"
                                             "  - name: missing\n"
                                             "  - name: good\n"
                                             "  - name: dependent\n"
                                             "  - name: bad_route\n    enabled: false\n"});
  auto c = host.client();
  CHECK(c.get("/hello").json()["message"] == "hello");
  CHECK(c.get("/good/ping").status == 200);
  CHECK(c.get("/dependent/ok").status == 200);
  CHECK(c.get("/other").status == 404);  // the conflicting plugin kept nothing
  auto list = c.get("/_berth/plugins").json()["plugins"];
  std::map<std::string, nlohmann::json> by_name;
  for (const auto& p : list) by_name[p["name"]] = p;
  CHECK(by_name["hello"]["status"] == "running");
  CHECK(by_name["good"]["status"] == "running");
  CHECK(by_name["dependent"]["status"] == "running");
  CHECK(by_name["bad_route"]["status"] == "disabled");
  for (const char* failed :
       {"wrong_abi", "wrong_signature", "no_entry", "throws", "conflict", "missing"}) {
    CAPTURE(failed);
    CHECK(by_name[failed]["status"] == "failed");
    CHECK(by_name[failed]["routes"].empty());
  }
  CHECK(by_name["wrong_abi"]["error"].get<std::string>().find(
            "plugin ABI version 999, host expects " + std::to_string(BERTH_ABI_VERSION)) !=
        std::string::npos);
  CHECK(by_name["wrong_signature"]["error"].get<std::string>().find("compiler: got clang-99") !=
        std::string::npos);
  CHECK(by_name["conflict"]["error"] ==
        "plugin 'conflict' failed to register: route GET /hello of plugin 'conflict' conflicts "
        "with GET /hello of plugin 'hello'");
  CHECK(host.log_lines("plugin failed to start", 6).size() == 6);
}

TEST_CASE("a failing migration fails its plugin with SQLite's message; the others serve") {
  BerthHost host(HostOptions{.plugins_yaml = "  - name: bad_migration\n  - name: notes\n"});
  auto c = host.client();
  CHECK(c.post_json("/notes", {{"title", "still here"}}).status == 201);
  CHECK(c.get("/bad_migration/things").status == 503);  // configured, not running
  auto plugins = c.get("/_berth/plugins").json()["plugins"];
  for (const auto& p : plugins) {
    if (p["name"] != "bad_migration") continue;
    CHECK(p["status"] == "failed");
    CHECK(p["error"] ==
          "plugin 'bad_migration' failed to register: berth::StorageError: "
          "migration 2 failed: no such table: nope");
  }
  // Each plugin has its own file.
  CHECK(std::filesystem::exists(host.dir() / "data/plugins/notes.db"));
  CHECK(std::filesystem::exists(host.dir() / "data/plugins/bad_migration.db"));
}
