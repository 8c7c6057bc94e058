#include "command_spec.h"

#include <berth/http_error.h>
#include <doctest/doctest.h>

using namespace runner;

namespace {
const nlohmann::json kConfig = {
    {"commands",
     {{"disk-usage", {{"argv", {"du", "-sk", "{path}"}}, {"params", {{"path", "^/[a-z/]*$"}}}}},
      {"hello", {{"argv", {"echo", "{not-a-param}"}}, {"timeout", 5}}}}}};

int status_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const berth::HttpError& e) {
    return e.status();
  }
  return 0;
}
}  // namespace

TEST_CASE("commands are parsed from config") {
  auto commands = parse_commands(kConfig);
  REQUIRE(commands.size() == 2);
  CHECK(commands.at("hello").timeout == std::chrono::seconds(5));
  CHECK(commands.at("disk-usage").param_patterns.at("path") == "^/[a-z/]*$");
  CHECK(parse_commands(nlohmann::json::object()).empty());
}

TEST_CASE("bad command config names the command and key") {
  CHECK_THROWS_WITH(parse_commands({{"commands", {{"x", {{"argv", nlohmann::json::array()}}}}}}),
                    "commands.x: argv must be a non-empty list of strings");
  CHECK_THROWS_WITH(
      parse_commands({{"commands", {{"x", {{"argv", {"a"}}, {"shell", true}}}}}}),
      "commands.x: unknown key 'shell' (expected argv, params, timeout, description)");
  CHECK_THROWS_WITH(
      parse_commands({{"commands", {{"x", {{"argv", {"a"}}, {"params", {{"p", "("}}}}}}}}),
      doctest::Contains("commands.x: params.p is not a valid regex"));
}

TEST_CASE("placeholders are filled only with values matching their pattern") {
  auto commands = parse_commands(kConfig);
  const auto& du = commands.at("disk-usage");
  CHECK(expand_argv(du, {{"path", "/data/x"}}) == std::vector<std::string>{"du", "-sk", "/data/x"});
  CHECK(status_of([&] { expand_argv(du, {{"path", "/data; rm -rf /"}}); }) == 400);
  CHECK(status_of([&] { expand_argv(du, nlohmann::json::object()); }) == 400);
  CHECK(status_of([&] { expand_argv(du, {{"path", 3}}); }) == 400);
  CHECK(status_of([&] { expand_argv(du, {{"path", "/a"}, {"extra", "x"}}); }) == 400);
  // Braces that name no declared parameter are literal text.
  CHECK(expand_argv(commands.at("hello"), nullptr) ==
        std::vector<std::string>{"echo", "{not-a-param}"});
}
