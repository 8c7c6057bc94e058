// What fuzzing found (tests/fuzz, docs/fuzzing.md), through the real binary: each input that
// crashed or misled a parser is also in tests/fuzz/corpus, replayed by ctest -L fuzz.
#include "berth_host.h"

#include <doctest/doctest.h>

using namespace berth::test;

namespace {

const char* kHelloAndNotes = "  - name: hello\n    mount: /\n  - name: notes\n";

// `berth --check` on a config whose plugin section is `section` (indented by six spaces).
CommandResult check_config(const std::string& plugin, const std::string& section,
                           std::vector<std::string> env = {}) {
  TempDir dir;
  write_file(dir / "berth.yaml", host_config(dir, {.plugins_yaml = "  - name: " + plugin +
                                                                   "\n    config:\n" + section}));
  return run_command({berth_binary(), "--check", "--config", (dir / "berth.yaml").string()},
                     std::chrono::seconds(30), std::move(env));
}

}  // namespace

TEST_CASE("a JSON number beyond a double's range is a 400 naming it, not a handler exception") {
  BerthHost host(HostOptions{.plugins_yaml = kHelloAndNotes});
  auto c = host.client();
  auto echo = c.request("POST", "/hello/echo", "[1e999]", {"Content-Type: application/json"});
  CHECK(echo.status == 400);
  CHECK(echo.json()["message"].get<std::string>().find("invalid JSON body") == 0);
  CHECK(echo.json()["message"].get<std::string>().find("1e999") != std::string::npos);
  // Even as an unknown field: the body is refused before the plugin looks at its fields.
  auto note =
      c.request("POST", "/notes", R"({"title":"t","n":1e400})", {"Content-Type: application/json"});
  CHECK(note.status == 400);
  CHECK(c.get("/notes").json()["notes"].empty());
  CHECK(c.get("/hello").status == 200);
  CHECK(host.log_lines("handler threw").empty());
}

TEST_CASE("a plugin section that is not UTF-8 is a config problem with its line, not an abort") {
  // A wrong-typed value made the schema check dump the string, which threw: --check aborted.
  auto r = check_config("notes", "      max_title: \"caf\xe9\"\n");
  CHECK(r.exit_code == 2);  // an invalid configuration
  CHECK(r.output.find("berth.yaml:") != std::string::npos);
  CHECK(r.output.find("plugins[0].config.max_title: not valid UTF-8") != std::string::npos);
  // A key, and a right-typed value (which the plugin would have had to dump), too.
  auto key = check_config("hello",
                          "      \"gr\xff"
                          "eeting\": hi\n");
  CHECK(key.exit_code == 2);
  CHECK(key.output.find("key not valid UTF-8") != std::string::npos);
  auto value = check_config("hello", "      greeting: \"caf\xe9\"\n");
  CHECK(value.exit_code == 2);
  CHECK(value.output.find("plugins[0].config.greeting: not valid UTF-8") != std::string::npos);
}

TEST_CASE("a ${VAR} that brings bytes that are not UTF-8 into a plugin section is reported") {
  auto r = check_config("hello", "      greeting: ${BERTH_TEST_GREETING}\n",
                        {"BERTH_TEST_GREETING=caf\xe9"});
  CHECK(r.exit_code == 2);  // an invalid configuration
  CHECK(r.output.find("plugins[0].config.greeting: not valid UTF-8 (a config file is UTF-8 "
                      "text) (expanded from '${BERTH_TEST_GREETING}')") != std::string::npos);
}

TEST_CASE("a config that made yaml-cpp yield empty documents forever is an error, at once") {
  // YAML::LoadAll kept every one of them: berth allocated until the kernel killed it.
  TempDir dir;
  write_file(dir / "berth.yaml", ",server:\n  sock: \"abc\net\xfc: \"abc\n");
  auto r = run_command({berth_binary(), "--check", "--config", (dir / "berth.yaml").string()},
                       std::chrono::seconds(10));
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("berth.yaml:") != std::string::npos);
}

TEST_CASE("an object where a schema has a format is checked, not a handler exception") {
  BerthHost host(HostOptions{.plugins_yaml = "  - name: contract\n"});
  auto c = host.client();
  // "due" has a format and no type: a format says nothing of values that are not strings.
  auto object = c.post_json("/contract/items/3?limit=1", {{"title", "x"}, {"due", {{"a", 1}}}});
  CHECK(object.status == 200);
  CHECK(object.json()["body"]["due"]["a"] == 1);
  auto text = c.post_json("/contract/items/3?limit=1", {{"title", "x"}, {"due", "soon"}});
  CHECK(text.status == 400);
  CHECK(text.json()["message"].get<std::string>().find("due") != std::string::npos);
  CHECK(c.post_json("/contract/items/3?limit=1", {{"title", "x"}, {"due", "2026-12-02T10:00:00Z"}})
            .status == 200);
  CHECK(host.log_lines("internal error").empty());
}
