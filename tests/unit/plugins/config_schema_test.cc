// A plugin's declared JSON Schema against its YAML config section: each violation names the YAML
// file, line and column, and the key path of the offending value.
#include "plugins/config_schema.h"
#include "config/load.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace berth::plugins {
namespace {

constexpr const char* kSchema = R"json({
  "type": "object",
  "additionalProperties": false,
  "required": ["greeting"],
  "properties": {
    "greeting": {"type": "string", "minLength": 1},
    "retries": {"type": "integer", "minimum": 0},
    "commands": {
      "type": "object",
      "additionalProperties": {
        "type": "object",
        "required": ["argv"],
        "properties": {
          "argv": {"type": "array", "minItems": 1, "items": {"type": "string"}},
          "timeout": {"type": "integer", "minimum": 1}
        }
      }
    }
  }
})json";

config::PluginEntry entry_of(const std::string& yaml) {
  auto cfg = config::load_string(yaml, "berth.yaml",
                                 [](const std::string&) { return std::optional<std::string>(); });
  REQUIRE(cfg.plugins.size() == 1);
  return cfg.plugins[0];
}

std::vector<std::string> check(const std::string& yaml, const char* schema = kSchema) {
  std::vector<std::string> out;
  for (const auto& p : check_plugin_config(entry_of(yaml), schema, "/lib/p.so"))
    out.push_back(p.to_string());
  return out;
}

TEST_CASE("a config that satisfies the schema has no problems") {
  CHECK(check("plugins:\n"
              "  - name: p\n"
              "    config:\n"
              "      greeting: hi\n"
              "      retries: 3\n"
              "      commands:\n"
              "        ls: {argv: [ls, -l], timeout: 5}\n")
            .empty());
}

TEST_CASE("a wrong type names the line, the path, what was expected and what was found") {
  auto problems = check(
      "plugins:\n"
      "  - name: p\n"
      "    config:\n"
      "      greeting: hi\n"
      "      retries: soon\n");
  REQUIRE(problems.size() == 1);
  CHECK(problems[0] ==
        "berth.yaml:5:16: plugins[0].config.retries: expected \"integer\", got \"soon\"");
}

TEST_CASE("errors deep in maps and lists point at the value's own line") {
  auto problems = check(
      "plugins:\n"
      "  - name: p\n"
      "    config:\n"
      "      greeting: hi\n"
      "      commands:\n"
      "        du:\n"
      "          argv:\n"
      "            - du\n"
      "            - 42\n"
      "          timeout: 0\n");
  REQUIRE(problems.size() == 2);
  CHECK(problems[0] ==
        "berth.yaml:9:15: plugins[0].config.commands.du.argv[1]: expected \"string\", got 42");
  CHECK(problems[1].rfind("berth.yaml:10:20: plugins[0].config.commands.du.timeout: ", 0) == 0);
  CHECK(problems[1].find("got 0") != std::string::npos);
}

TEST_CASE("an unknown key is reported at the key") {
  auto problems = check(
      "plugins:\n"
      "  - name: p\n"
      "    config:\n"
      "      greeting: hi\n"
      "      colour: blue\n");
  REQUIRE(problems.size() == 1);
  CHECK(problems[0] ==
        "berth.yaml:5:15: plugins[0].config.colour: unknown key 'colour' "
        "(allowed: commands, greeting, retries)");
}

TEST_CASE("a missing required key is reported where its parent is written") {
  auto problems = check(
      "plugins:\n"
      "  - name: p\n"
      "    config:\n"
      "      greeting: hi\n"
      "      commands:\n"
      "        du: {timeout: 5}\n");
  REQUIRE(problems.size() == 1);
  CHECK(problems[0] ==
        "berth.yaml:6:13: plugins[0].config.commands.du.argv: required");
}

TEST_CASE("an entry without a config section is checked as an empty object") {
  auto problems = check(
      "plugins:\n"
      "  - name: p\n");
  REQUIRE(problems.size() == 1);
  CHECK(problems[0] == "berth.yaml:2:5: plugins[0].config.greeting: required");
}

TEST_CASE("every problem is reported, not only the first") {
  auto problems = check(
      "plugins:\n"
      "  - name: p\n"
      "    config:\n"
      "      greeting: ''\n"
      "      retries: -1\n"
      "      extra: 1\n");
  CHECK(problems.size() == 3);
}

TEST_CASE("a schema that is not JSON is the plugin's bug, named with its file") {
  auto problems = check("plugins:\n  - name: p\n", "{not json");
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].find("/lib/p.so: plugin 'p' declares a config schema that is not a JSON "
                         "object") != std::string::npos);
}

TEST_CASE("a schema valijson cannot use is refused with its reason") {
  auto problems = check("plugins:\n  - name: p\n", R"({"type": 5})");
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].find("declares an unusable config schema") != std::string::npos);
}

TEST_CASE("where a schema has patterns, a config string too long for std::regex is refused") {
  const char* schema = R"json({"type": "object", "properties": {
    "d": {"type": "string", "pattern": "^[0-9]+(ms|s)?$"}}})json";
  CHECK(check("plugins:\n  - name: p\n    config: {d: 10s}\n", schema).empty());
  CHECK(check("plugins:\n  - name: p\n    config: {d: 10x}\n", schema).size() == 1);
  // 30,000 digits made valijson's std::regex_search overflow the stack (SIGSEGV).
  auto problems = check(
      "plugins:\n  - name: p\n    config:\n      d: " + std::string(30000, '1') + "s\n", schema);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0] ==
        "berth.yaml:4:10: plugins[0].config.d: 30001 bytes is longer than the 1000 that the "
        "schema can check with its patterns");
  // Without patterns in the schema, long strings are fine.
  CHECK(
      check("plugins:\n  - name: p\n    config:\n      greeting: " + std::string(30000, 'a') + "\n")
          .empty());
}

}  // namespace
}  // namespace berth::plugins
