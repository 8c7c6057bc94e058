// BERTH_* variables override the file.
#include "config/load.h"
#include "test_env.h"

#include <doctest/doctest.h>

namespace berth::config {
namespace {

using namespace std::chrono_literals;
using test::load;
using test::problem;
using test::problems;

TEST_CASE("every BERTH_* variable overrides its key") {
  const HostConfig c = load(
      "server:\n  socket: /file.sock\n  tcp: 127.0.0.1:1\n  io_threads: 3\n"
      "data_dir: /file\nlog: {level: debug, format: json}\n",
      {{"BERTH_SOCKET", "/env.sock"},
       {"BERTH_SOCKET_MODE", "0600"},
       {"BERTH_TCP", "[::1]:8081"},
       {"BERTH_IO_THREADS", "5"},
       {"BERTH_WORKER_THREADS", "6"},
       {"BERTH_BACKLOG", "7"},
       {"BERTH_MAX_REQUEST_BYTES", "8KiB"},
       {"BERTH_MAX_JSON_DEPTH", "12"},
       {"BERTH_HEADER_TIMEOUT", "1s"},
       {"BERTH_BODY_TIMEOUT", "2s"},
       {"BERTH_IDLE_TIMEOUT", "3m"},
       {"BERTH_SHUTDOWN_TIMEOUT", "400"},
       {"BERTH_DATA_DIR", "/env"},
       {"BERTH_LOG_LEVEL", "error"},
       {"BERTH_LOG_FORMAT", "text"},
       {"BERTH_WATCH_PLUGINS", "true"}});
  CHECK(c.server.socket == "/env.sock");
  CHECK(c.server.socket_mode == 0600);
  REQUIRE(c.server.tcp);
  CHECK(c.server.tcp->host == "::1");
  CHECK(c.server.tcp->port == 8081);
  CHECK(c.server.io_threads == 5);
  CHECK(c.server.worker_threads == 6);
  CHECK(c.server.backlog == 7);
  CHECK(c.server.max_request_bytes == 8192);
  CHECK(c.server.max_json_depth == 12);
  CHECK(c.server.header_timeout == 1s);
  CHECK(c.server.body_timeout == 2s);
  CHECK(c.server.idle_timeout == 3min);
  CHECK(c.server.shutdown_timeout == 400ms);
  CHECK(c.data_dir == "/env");
  CHECK(c.log.level == LogLevel::error);
  CHECK_FALSE(c.log.json);
  CHECK(c.watch_plugins);
}

TEST_CASE("unset variables leave the file's values") {
  const HostConfig c = load("server: {io_threads: 3, tcp: 'h:1'}\n", {{"BERTH_OTHER", "x"}});
  CHECK(c.server.io_threads == 3);
  REQUIRE(c.server.tcp);
  CHECK(c.server.tcp->host == "h");
}

TEST_CASE("an empty BERTH_TCP disables TCP") {
  CHECK_FALSE(load("server: {tcp: 'h:1'}\n", {{"BERTH_TCP", ""}}).server.tcp.has_value());
  CHECK_FALSE(load("server: {tcp: 'h:1'}\n", {{"BERTH_TCP", "false"}}).server.tcp.has_value());
  REQUIRE(load("", {{"BERTH_TCP", "0.0.0.0:0"}}).server.tcp);
}

TEST_CASE("values are not ${}-expanded") {
  CHECK(load("", {{"BERTH_DATA_DIR", "/x/${HOME}"}}).data_dir == "/x/${HOME}");
}

TEST_CASE("bad values name the variable") {
  CHECK(problem("", {{"BERTH_IO_THREADS", "x"}}) ==
        "environment: BERTH_IO_THREADS: expected an integer from 1 to 64, got 'x'");
  CHECK(problem("", {{"BERTH_IO_THREADS", ""}}) ==
        "environment: BERTH_IO_THREADS: expected an integer from 1 to 64, got ''");
  CHECK(problem("", {{"BERTH_SOCKET_MODE", "888"}}) ==
        "environment: BERTH_SOCKET_MODE: expected an octal file mode from 0 to 0777 such as "
        "\"0660\", got '888'");
  CHECK(problem("", {{"BERTH_TCP", "8080"}}) ==
        "environment: BERTH_TCP: expected 'host:port', or false, null or \"\" to disable, got "
        "'8080'");
  CHECK(problem("", {{"BERTH_IDLE_TIMEOUT", "0"}}) ==
        "environment: BERTH_IDLE_TIMEOUT: expected a duration above 0, got '0'");
  CHECK(problem("", {{"BERTH_MAX_REQUEST_BYTES", "1TiB"}}) ==
        "environment: BERTH_MAX_REQUEST_BYTES: unknown size unit 'TiB' in '1TiB'; expected one "
        "of: B, KiB, MiB, GiB, KB, MB, GB, k, K, M, G");
  CHECK(problem("", {{"BERTH_LOG_LEVEL", "warning"}}) ==
        "environment: BERTH_LOG_LEVEL: expected debug, info, warn or error, got 'warning'; did "
        "you mean 'warn'?");
  CHECK(
      problem("", {{"BERTH_SOCKET", std::string(200, 'x')}})
          .ends_with(
              "is 200 bytes; a Unix socket path must be shorter than 108 bytes (sun_path limit)"));
  CHECK(problem("", {{"BERTH_DATA_DIR", ""}}) ==
        "environment: BERTH_DATA_DIR: expected a non-empty string, got ''");
}

TEST_CASE("problems in the file and the environment are reported together") {
  const std::vector<std::string> all =
      problems("server: {backlog: 0}\n", {{"BERTH_BACKLOG", "-1"}, {"BERTH_LOG_FORMAT", "xml"}});
  REQUIRE(all.size() == 3);
  CHECK(all[0] == "berth.yaml:1:19: server.backlog: expected an integer from 1 to 65535, got '0'");
  CHECK(all[1] == "environment: BERTH_BACKLOG: expected an integer from 1 to 65535, got '-1'");
  CHECK(all[2] == "environment: BERTH_LOG_FORMAT: expected json or text, got 'xml'");
}

TEST_CASE("a problem's mark says it came from the environment") {
  try {
    load("", {{"BERTH_BACKLOG", "x"}});
    FAIL("expected ConfigError");
  } catch (const ConfigError& e) {
    REQUIRE(e.problems().size() == 1);
    CHECK(e.problems()[0].mark.file == "environment");
    CHECK(e.problems()[0].mark.line == 0);
    CHECK(e.problems()[0].path == "BERTH_BACKLOG");
  }
}

}  // namespace
}  // namespace berth::config
