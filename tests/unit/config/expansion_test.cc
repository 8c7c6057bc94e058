// ${VAR} expansion, through load_string and directly.
#include "config/env_expand.h"
#include "config/load.h"
#include "test_env.h"

#include <doctest/doctest.h>

namespace berth::config {
namespace {

using test::fake_env;
using test::load;
using test::problem;

std::string expand(const std::string& text, std::map<std::string, std::string> vars = {}) {
  const auto e = expand_env(text, fake_env(std::move(vars)));
  REQUIRE(e);
  return *e;
}

std::vector<std::string> expand_errors(const std::string& text,
                                       std::map<std::string, std::string> vars = {}) {
  auto e = expand_env(text, fake_env(std::move(vars)));
  if (e) return {};
  return std::move(e).error();
}

TEST_CASE("expand_env replaces references") {
  CHECK(expand("plain") == "plain");
  CHECK(expand("${A}", {{"A", "x"}}) == "x");
  CHECK(expand("a-${A}-${B_2}-z", {{"A", "1"}, {"B_2", "2"}}) == "a-1-2-z");
  CHECK(expand("${A}", {{"A", ""}}) == "");
  CHECK(expand("${A:-d}") == "d");
  CHECK(expand("${A:-d}", {{"A", ""}}) == "d");  // as in sh, empty counts as unset for :-
  CHECK(expand("${A:-d}", {{"A", "v"}}) == "v");
  CHECK(expand("${A:-}") == "");
  CHECK(expand("${A:-a b:c}") == "a b:c");
  CHECK(expand("${A:-${B}}", {{"B", "b"}}) == "b");
  CHECK(expand("${A:-${B:-c}}") == "c");
  CHECK(expand("${A:-$$}") == "$");
  CHECK(expand("$$") == "$");
  CHECK(expand("$${A}") == "${A}");
  CHECK(expand("cost: $5 $") == "cost: $5 $");
  CHECK(expand("${A}", {{"A", "${B}"}}) == "${B}");  // values are not re-expanded
  CHECK(expand("${A}}", {{"A", "x"}}) == "x}");
}

TEST_CASE("expand_env reports bad references") {
  CHECK(expand_errors("${NOPE}") ==
        std::vector<std::string>{
            "environment variable 'NOPE' is not set and '${NOPE}' has no default (write "
            "${NOPE:-default})"});
  CHECK(expand_errors("${A} ${B}").size() == 2);
  CHECK(expand_errors("x ${A") ==
        std::vector<std::string>{"unterminated '${' in 'x ${A' (write '$$' for a literal '$')"});
  CHECK(
      expand_errors("${A:-${B}") ==
      std::vector<std::string>{"unterminated '${' in '${A:-${B}' (write '$$' for a literal '$')"});
  CHECK(expand_errors("${}") ==
        std::vector<std::string>{"empty variable name in '${}'; names are letters, digits and "
                                 "'_', not starting with a digit"});
  CHECK(expand_errors("${1A}") ==
        std::vector<std::string>{"invalid variable name in '${1A}'; names are letters, digits "
                                 "and '_', not starting with a digit"});
  CHECK(expand_errors("${A-b}", {{"A", "x"}}) ==
        std::vector<std::string>{
            "invalid reference '${A-b}': expected '}' or ':-default' after 'A'"});
  CHECK(expand_errors("${A B}") ==
        std::vector<std::string>{
            "invalid reference '${A B}': expected '}' or ':-default' after 'A'"});
}

TEST_CASE("references are expanded before values are typed") {
  CHECK(load("server:\n  io_threads: ${THREADS:-4}\n").server.io_threads == 4);
  CHECK(load("server:\n  io_threads: ${THREADS:-4}\n", {{"THREADS", "8"}}).server.io_threads == 8);
  const HostConfig c = load(
      "server:\n"
      "  socket: ${RUN:-/run}/${NAME}.sock\n"
      "  tcp: ${HOST:-127.0.0.1}:${PORT}\n"
      "  header_timeout: ${T}\n"
      "data_dir: /data/$$weird\n"
      "plugins:\n"
      "  - name: ${PLUGIN}\n"
      "    enabled: ${ON:-true}\n",
      {{"NAME", "b"}, {"PORT", "9000"}, {"T", "3s"}, {"PLUGIN", "hello"}});
  CHECK(c.server.socket == "/run/b.sock");
  REQUIRE(c.server.tcp);
  CHECK(c.server.tcp->host == "127.0.0.1");
  CHECK(c.server.tcp->port == 9000);
  CHECK(c.server.header_timeout == std::chrono::seconds(3));
  CHECK(c.data_dir == "/data/$weird");
  CHECK(c.plugins.at(0).name == "hello");
  CHECK(c.plugins.at(0).enabled);
}

TEST_CASE("an expanded value that does not convert shows both texts") {
  CHECK(problem("server:\n  io_threads: ${T}\n", {{"T", "many"}}) ==
        "berth.yaml:2:15: server.io_threads: expected an integer from 1 to 64, got 'many' "
        "(expanded from '${T}')");
  CHECK(problem("server:\n  tcp: ${T}\n", {{"T", "x"}}) ==
        "berth.yaml:2:8: server.tcp: expected 'host:port', or false, null or \"\" to disable, got "
        "'x' (expanded from '${T}')");
}

TEST_CASE("bad references are reported where they are written") {
  CHECK(problem("server:\n  io_threads: ${THREADS}\n") ==
        "berth.yaml:2:15: server.io_threads: environment variable 'THREADS' is not set and "
        "'${THREADS}' has no default (write ${THREADS:-default})");
  CHECK(problem("data_dir: \"${DIR\"\n") ==
        "berth.yaml:1:11: data_dir: unterminated '${' in '${DIR' (write '$$' for a literal '$')");
  CHECK(problem("data_dir: ${1X}\n") ==
        "berth.yaml:1:11: data_dir: invalid variable name in '${1X}'; names are letters, digits "
        "and '_', not starting with a digit");
  CHECK(problem("plugins:\n  - name: a\n    config:\n      list: [ok, '${NO}']\n") ==
        "berth.yaml:4:18: plugins[0].config.list[1]: environment variable 'NO' is not set and "
        "'${NO}' has no default (write ${NO:-default})");
  // In flow style "{" ends a plain scalar, so references there need quotes; block style not.
  CHECK(problem("plugin_dirs:\n  - ${A}\n  - \"${B}\"\n") ==
        "berth.yaml:2:5: plugin_dirs[0]: environment variable 'A' is not set and '${A}' has no "
        "default (write ${A:-default})\n"
        "berth.yaml:3:5: plugin_dirs[1]: environment variable 'B' is not set and '${B}' has no "
        "default (write ${B:-default})");
}

TEST_CASE("keys are not expanded") {
  CHECK(load("plugins:\n  - name: a\n    config:\n      ${K}: v\n").plugins.at(0).config ==
        nlohmann::json{{"${K}", "v"}});
}

}  // namespace
}  // namespace berth::config
