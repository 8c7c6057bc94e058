#include "command_spec.h"

#include <berth/http_error.h>
#include <doctest/doctest.h>

#include <functional>

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

TEST_CASE("values are bounded by max_arg_bytes and matched by RE2 in linear time") {
  nlohmann::json config = {
      {"max_arg_bytes", 8},
      {"commands",
       {{"echo", {{"argv", {"echo", "{word}"}}, {"params", {{"word", "^(a|aa)+$"}}}}}}}};
  auto commands = parse_commands(config);
  const auto& echo = commands.at("echo");
  CHECK(echo.max_arg_bytes == 8);
  CHECK(expand_argv(echo, {{"word", "aaaaaaaa"}}) == std::vector<std::string>{"echo", "aaaaaaaa"});
  CHECK_THROWS_WITH(expand_argv(echo, {{"word", "aaaaaaaaa"}}),
                    "args.word: 9 bytes is longer than the limit of 8 (max_arg_bytes)");
  CHECK(parse_commands(kConfig).at("disk-usage").max_arg_bytes == kDefaultMaxArgBytes);
  CHECK_THROWS_WITH(parse_commands({{"max_arg_bytes", 0}, {"commands", kConfig["commands"]}}),
                    "max_arg_bytes: expected a positive number of bytes");

  // A pattern that backtracking engines take exponential time on, against the largest value.
  config["max_arg_bytes"] = 100000;
  auto big = parse_commands(config).at("echo");
  CHECK(status_of([&] { expand_argv(big, {{"word", std::string(99999, 'a') + "b"}}); }) == 400);
  // 30,000 characters made std::regex_match recurse per character until SIGSEGV.
  auto du = parse_commands({{"max_arg_bytes", 100000}, {"commands", kConfig["commands"]}});
  CHECK(expand_argv(du.at("disk-usage"), {{"path", "/" + std::string(30000, 'a')}}).size() == 3);
}

TEST_CASE("a value holding a NUL is refused: no process argument can carry it") {
  auto commands = parse_commands(
      {{"commands", {{"echo", {{"argv", {"echo", "{any}"}}, {"params", {{"any", "^.*$"}}}}}}}});
  CHECK_THROWS_WITH(expand_argv(commands.at("echo"), {{"any", std::string("a\0b", 3)}}),
                    "args.any: a process argument cannot hold a NUL");
}

TEST_CASE("RE2 syntax errors name the parameter") {
  CHECK_THROWS_WITH(
      parse_commands({{"commands", {{"x", {{"argv", {"a"}}, {"params", {{"p", "(?=a)"}}}}}}}}),
      doctest::Contains("commands.x: params.p is not a valid regex: invalid perl operator"));
}

TEST_CASE("refusals name the value by its JSON pointer, as the host's schema check does") {
  auto commands = parse_commands(
      {{"commands", {{"cp", {{"argv", {"cp", "{a/b}"}}, {"params", {{"a/b", "^[a-z]+$"}}}}}}}});
  auto details_of = [](const std::function<void()>& f) {
    try {
      f();
    } catch (const berth::HttpError& e) {
      return nlohmann::json{
          {"status", e.status()}, {"message", e.message()}, {"details", e.details()}};
    }
    return nlohmann::json();
  };
  const auto& cp = commands.at("cp");
  auto bad = details_of([&] { expand_argv(cp, {{"a/b", "A"}}); });
  CHECK(bad["status"] == 400);
  CHECK(bad["message"] == "args.a/b: 'A' does not match ^[a-z]+$");
  CHECK(bad["details"] == nlohmann::json{{"errors",
                                          {{{"in", "body"},
                                            {"path", "/args/a~1b"},
                                            {"message", "'A' does not match ^[a-z]+$"}}}}});
  auto missing = details_of([&] { expand_argv(cp, nlohmann::json::object()); });
  CHECK(missing["details"]["errors"][0]["path"] == "/args/a~1b");
  auto unknown = details_of([&] { expand_argv(cp, {{"a/b", "x"}, {"c~d", "y"}}); });
  CHECK(unknown["details"]["errors"][0]["path"] == "/args/c~0d");
  CHECK(unknown["message"] == "args.c~d: command 'cp' takes no such parameter");
  auto not_object = details_of([&] { expand_argv(cp, "x"); });
  CHECK(not_object["details"]["errors"][0]["path"] == "/args");
}
