// Plugin config sections: YAML to JSON with YAML 1.2 core schema typing.
#include "config/core_schema.h"
#include "config/load.h"
#include "test_env.h"

#include <doctest/doctest.h>

#include <cmath>

namespace berth::config {
namespace {

using test::load;
using test::problem;

nlohmann::json config_of(const std::string& body, std::map<std::string, std::string> vars = {}) {
  return load("plugins:\n  - name: p\n    config:\n" + body, std::move(vars)).plugins.at(0).config;
}

// The JSON for one value written as "v: <text>".
nlohmann::json value_of(const std::string& text, std::map<std::string, std::string> vars = {}) {
  return config_of("      v: " + text + "\n", std::move(vars)).at("v");
}

TEST_CASE("plain scalars are typed by the core schema") {
  CHECK(value_of("~").is_null());
  CHECK(value_of("null").is_null());
  CHECK(value_of("NULL").is_null());
  CHECK(value_of("").is_null());
  for (const char* t : {"true", "True", "TRUE"}) CHECK(value_of(t) == true);
  for (const char* f : {"false", "False", "FALSE"}) CHECK(value_of(f) == false);
  CHECK(value_of("yes") == "yes");  // YAML 1.1 booleans are strings in 1.2
  CHECK(value_of("tRUE") == "tRUE");
  CHECK(value_of("42") == 42);
  CHECK(value_of("42").is_number_integer());
  CHECK(value_of("-17") == -17);
  CHECK(value_of("+5") == 5);
  CHECK(value_of("0o17") == 15);
  CHECK(value_of("0x1F") == 31);
  CHECK(value_of("9223372036854775807") == INT64_MAX);
  CHECK(value_of("-9223372036854775808") == INT64_MIN);
  CHECK(value_of("9223372036854775808").is_number_float());  // too big for int64
  CHECK(value_of("0x") == "0x");
  CHECK(value_of("1.5") == 1.5);
  CHECK(value_of("-2e3") == -2000.0);
  CHECK(value_of(".5") == 0.5);
  CHECK(value_of("1.") == 1.0);
  CHECK(value_of("1e3").is_number_float());
  CHECK(value_of(".inf") == std::numeric_limits<double>::infinity());
  CHECK(value_of("-.Inf") == -std::numeric_limits<double>::infinity());
  CHECK(std::isnan(value_of(".nan").get<double>()));
  CHECK(value_of("1e999") == std::numeric_limits<double>::infinity());
  CHECK(value_of("1e-999") == 0.0);
  CHECK(value_of("hello world") == "hello world");
  CHECK(value_of("1.2.3") == "1.2.3");
  CHECK(value_of("0660") == 660);  // decimal in YAML 1.2
}

TEST_CASE("quoted, block and !!str scalars stay strings") {
  CHECK(value_of("\"42\"") == "42");
  CHECK(value_of("'true'") == "true");
  CHECK(value_of("''") == "");
  CHECK(value_of("\"~\"") == "~");
  CHECK(value_of("!!str 1.5") == "1.5");
  CHECK(config_of("      v: |\n        12\n").at("v") == "12\n");
}

TEST_CASE("expansion happens before typing") {
  CHECK(value_of("${PORT}", {{"PORT", "80"}}) == 80);
  CHECK(value_of("\"${PORT}\"", {{"PORT", "80"}}) == "80");
  CHECK(value_of("${ON:-true}") == true);
  CHECK(value_of("${X:-}").is_null());
  CHECK(value_of("${RATE:-0.25}") == 0.25);
  CHECK(value_of("$$5") == "$5");
}

TEST_CASE("maps and lists nest") {
  const nlohmann::json c = config_of(
      "      greeting: hi\n"
      "      list: [1, two, 3.0, null, {a: b}]\n"
      "      nested:\n"
      "        deeper: {x: [true]}\n"
      "      1: int key\n"
      "      ~: null key\n"
      "      [a, b]: list key\n"
      "      empty_map: {}\n"
      "      empty_list: []\n");
  const nlohmann::json expected = {
      {"greeting", "hi"},
      {"list", {1, "two", 3.0, nullptr, {{"a", "b"}}}},
      {"nested", {{"deeper", {{"x", {true}}}}}},
      {"1", "int key"},
      {"~", "null key"},
      {"[a, b]", "list key"},
      {"empty_map", nlohmann::json::object()},
      {"empty_list", nlohmann::json::array()},
  };
  CHECK(c == expected);
}

TEST_CASE("config may be any YAML; a missing value means an empty object") {
  CHECK(load("plugins:\n  - name: p\n    config: 5\n").plugins[0].config == 5);
  CHECK(load("plugins:\n  - name: p\n    config: [a]\n").plugins[0].config ==
        nlohmann::json::array({"a"}));
  CHECK(load("plugins:\n  - name: p\n    config:\n").plugins[0].config == nlohmann::json::object());
  CHECK(load("plugins:\n  - name: p\n").plugins[0].config == nlohmann::json::object());
}

TEST_CASE("aliases are followed, but not forever") {
  CHECK(load("plugins:\n  - name: p\n    config: {a: &x [1, 2], b: *x}\n").plugins[0].config ==
        nlohmann::json{{"a", {1, 2}}, {"b", {1, 2}}});
  std::string path = "plugins[0].config";
  for (int i = 0; i <= 64; ++i) path += "[0]";  // the 65th level is one too deep
  CHECK(problem("plugins:\n  - name: p\n    config: &x [*x]\n") ==
        "berth.yaml:3:13: " + path +
            ": nested deeper than 64 levels (an alias that contains itself?)");
}

TEST_CASE("repeated keys in config are reported") {
  CHECK(problem("plugins:\n  - name: p\n    config:\n      a: 1\n      a: 2\n") ==
        "berth.yaml:5:7: plugins[0].config.a: duplicate key; first defined at line 4");
}

TEST_CASE("core_scalar directly") {
  CHECK(core_scalar("Null").is_null());
  CHECK(core_scalar("0o8") == "0o8");
  CHECK(core_scalar("0xg") == "0xg");
  CHECK(core_scalar("-") == "-");
  CHECK(core_scalar(".") == ".");
  CHECK(core_scalar("1e") == "1e");
  CHECK(core_scalar("+.inf") == std::numeric_limits<double>::infinity());
  CHECK(core_scalar("-.nan") == "-.nan");  // the core schema has no signed NaN
  CHECK(core_int("-0") == 0);
  CHECK_FALSE(core_int("0x-1").has_value());
  CHECK_FALSE(core_int("1_000").has_value());
}

}  // namespace
}  // namespace berth::config
