// Every kind of bad value: exact position, key path and message.
#include "config/load.h"
#include "test_env.h"

#include <doctest/doctest.h>

namespace berth::config {
namespace {

using test::load;
using test::problem;
using test::problems;

const std::string kServerKeys =
    "socket, socket_mode, tcp, io_threads, worker_threads, backlog, max_request_bytes, "
    "max_json_depth, "
    "header_timeout, body_timeout, idle_timeout, shutdown_timeout";

// "server:\n  <key>: <value>\n": the value starts at line 2, column 5 + key length.
std::string server(const std::string& key, const std::string& value) {
  return problem("server:\n  " + key + ": " + value + "\n");
}

TEST_CASE("unknown keys list the allowed ones and suggest a close match") {
  CHECK(problem("server:\n  sokcet: /x\n") ==
        "berth.yaml:2:3: server.sokcet: unknown key; expected one of: " + kServerKeys +
            "; did you mean 'socket'?");
  CHECK(problem("colour: red\n") ==
        "berth.yaml:1:1: colour: unknown key; expected one of: server, data_dir, log, tasks, "
        "plugin_dirs, watch_plugins, plugins");
  CHECK(problem("Plugins: []\n") ==
        "berth.yaml:1:1: Plugins: unknown key; expected one of: server, data_dir, log, tasks, "
        "plugin_dirs, watch_plugins, plugins; did you mean 'plugins'?");
  CHECK(problem("watch_plugins: sometimes\n") ==
        "berth.yaml:1:16: watch_plugins: expected true or false, got 'sometimes'");
  CHECK(
      problem("plugins:\n  - name: a\n    mout: /x\n") ==
      "berth.yaml:3:5: plugins[0].mout: unknown key; expected one of: name, path, enabled, mount, "
      "required, isolation, config; did you mean 'mount'?");
  CHECK(problem("log: {levle: info}\n") ==
        "berth.yaml:1:7: log.levle: unknown key; expected one of: level, format, buffer_lines, "
        "requests, slow_request; did you mean 'level'?");
}

TEST_CASE("repeated keys are reported at the second one") {
  CHECK(problem("log:\n  level: info\n  level: warn\n") ==
        "berth.yaml:3:3: log.level: duplicate key; first defined at line 2");
}

TEST_CASE("the document must be one map") {
  CHECK(problem("- a\n- b\n") == "berth.yaml:1:1: the top level must be a map, got a list");
  CHECK(problem("hello\n") == "berth.yaml:1:1: the top level must be a map, got 'hello'");
  CHECK(problem("log: {}\n---\nlog: {}\n") ==
        "berth.yaml:3:1: expected one YAML document, found 2");
  CHECK(problem("server: 5\n") == "berth.yaml:1:9: server: expected a map, got '5'");
  CHECK(problem("log: [a]\n") == "berth.yaml:1:6: log: expected a map, got a list");
}

TEST_CASE("integers") {
  CHECK(server("io_threads", "many") ==
        "berth.yaml:2:15: server.io_threads: expected an integer from 1 to 64, got 'many'");
  CHECK(server("io_threads", "0") ==
        "berth.yaml:2:15: server.io_threads: expected an integer from 1 to 64, got '0'");
  CHECK(server("io_threads", "65") ==
        "berth.yaml:2:15: server.io_threads: expected an integer from 1 to 64, got '65'");
  CHECK(server("io_threads", "2.5") ==
        "berth.yaml:2:15: server.io_threads: expected an integer from 1 to 64, got '2.5'");
  CHECK(server("io_threads", "[1]") ==
        "berth.yaml:2:15: server.io_threads: expected an integer from 1 to 64, got a list");
  // An implicit null is marked at its key: yaml-cpp marks it at the next token.
  CHECK(problem("server:\n  io_threads:\n  backlog: 1\n") ==
        "berth.yaml:2:3: server.io_threads: expected an integer from 1 to 64, got null");
  CHECK(server("worker_threads", "1025") ==
        "berth.yaml:2:19: server.worker_threads: expected an integer from 1 to 1024, got '1025'");
  CHECK(server("backlog", "70000") ==
        "berth.yaml:2:12: server.backlog: expected an integer from 1 to 65535, got '70000'");
  CHECK(server("backlog", "99999999999999999999999") ==
        "berth.yaml:2:12: server.backlog: expected an integer from 1 to 65535, got "
        "'99999999999999999999999'");
  const HostConfig c = load("server: {io_threads: 64, worker_threads: '1', backlog: 0x10}\n");
  CHECK(c.server.io_threads == 64);
  CHECK(c.server.worker_threads == 1);
  CHECK(c.server.backlog == 16);
}

TEST_CASE("socket path and mode") {
  const std::string ok_path = "/" + std::string(106, 's');  // 107 bytes + NUL fits sun_path
  CHECK(load("server: {socket: " + ok_path + "}\n").server.socket == ok_path);
  const std::string long_path = ok_path + "x";
  CHECK(server("socket", long_path) == "berth.yaml:2:11: server.socket: socket path '" + long_path +
                                           "' is 108 bytes; a Unix socket path must be shorter "
                                           "than 108 bytes (sun_path limit)");
  CHECK(server("socket", "''") == "berth.yaml:2:11: server.socket: expected a socket path, got ''");

  for (const auto& [text, mode] : {std::pair{"\"0660\"", 0660u},
                                   {"\"660\"", 0660u},
                                   {"0600", 0600u},
                                   {"0o640", 0640u},
                                   {"0777", 0777u},
                                   {"0", 0u},
                                   {"0x1ff", 0777u}}) {
    CAPTURE(text);
    CHECK(load(std::string("server: {socket_mode: ") + text + "}\n").server.socket_mode == mode);
  }
  const std::string expected = R"(expected an octal file mode from 0 to 0777 such as "0660", got )";
  CHECK(server("socket_mode", "999") ==
        "berth.yaml:2:16: server.socket_mode: " + expected + "'999'");
  CHECK(server("socket_mode", "01000") ==
        "berth.yaml:2:16: server.socket_mode: " + expected + "'01000'");
  CHECK(server("socket_mode", "rw") == "berth.yaml:2:16: server.socket_mode: " + expected + "'rw'");
}

TEST_CASE("tcp listener") {
  SUBCASE("host:port") {
    const auto tcp = load("server: {tcp: '0.0.0.0:80'}\n").server.tcp;
    REQUIRE(tcp);
    CHECK(tcp->host == "0.0.0.0");
    CHECK(tcp->port == 80);
  }
  SUBCASE("bracketed IPv6") {
    const auto tcp = load("server:\n  tcp: \"[::1]:9000\"\n").server.tcp;
    REQUIRE(tcp);
    CHECK(tcp->host == "::1");
    CHECK(tcp->port == 9000);
  }
  SUBCASE("map, with defaults for missing keys") {
    const auto tcp = load("server:\n  tcp: {port: 81}\n").server.tcp;
    REQUIRE(tcp);
    CHECK(tcp->host == "127.0.0.1");
    CHECK(tcp->port == 81);
    const auto v6 = load("server:\n  tcp: {host: '[::]', port: 0}\n").server.tcp;
    REQUIRE(v6);
    CHECK(v6->host == "::");
  }
  SUBCASE("disabled") {
    for (const char* off : {"", "~", "null", "false", "''"}) {
      CAPTURE(off);
      CHECK_FALSE(load(std::string("server:\n  tcp: ") + off + "\n").server.tcp.has_value());
    }
  }
  const std::string expected = R"(expected 'host:port', or false, null or "" to disable, got )";
  CHECK(server("tcp", "localhost") == "berth.yaml:2:8: server.tcp: " + expected + "'localhost'");
  CHECK(server("tcp", ":80") == "berth.yaml:2:8: server.tcp: " + expected + "':80'");
  CHECK(server("tcp", "true") == "berth.yaml:2:8: server.tcp: " + expected + "'true'");
  CHECK(server("tcp", "[a, b]") == "berth.yaml:2:8: server.tcp: " + expected + "a list");
  CHECK(server("tcp", "host:99999") ==
        "berth.yaml:2:8: server.tcp: expected a port from 0 to 65535 in 'host:99999', got '99999'");
  CHECK(server("tcp", "{host: h, prt: 1}") ==
        "berth.yaml:2:18: server.tcp.prt: unknown key; expected one of: host, port; did you mean "
        "'port'?");
  CHECK(server("tcp", "{port: x}") ==
        "berth.yaml:2:15: server.tcp.port: expected an integer from 0 to 65535, got 'x'");
}

TEST_CASE("sizes") {
  for (const auto& [text, bytes] : {std::pair{"1", std::size_t{1}},
                                    {"64KiB", 65536},
                                    {"1MiB", 1048576},
                                    {"1GiB", 1073741824},
                                    {"2KB", 2000},
                                    {"3MB", 3000000},
                                    {"2k", 2048},
                                    {"2K", 2048},
                                    {"1M", 1048576},
                                    {"1 MiB", 1048576},
                                    {"5B", 5}}) {
    CAPTURE(text);
    CHECK(
        load(std::string("server: {max_request_bytes: ") + text + "}\n").server.max_request_bytes ==
        bytes);
  }
  const std::string at = "berth.yaml:2:22: server.max_request_bytes: ";
  CHECK(server("max_request_bytes", "0") == at + "expected a size above 0, got '0'");
  CHECK(server("max_request_bytes", "0MiB") == at + "expected a size above 0, got '0MiB'");
  CHECK(server("max_request_bytes", "-1") == at + "a size must not be negative, got '-1'");
  CHECK(server("max_request_bytes", "10XB") ==
        at + "unknown size unit 'XB' in '10XB'; expected one of: B, KiB, MiB, GiB, KB, MB, GB, k, "
             "K, M, G");
  CHECK(server("max_request_bytes", "1.5MiB") ==
        at + "a size must be a whole number (use a smaller unit, e.g. 1536KiB for 1.5MiB), got "
             "'1.5MiB'");
  CHECK(server("max_request_bytes", "99999999999G") == at + "size '99999999999G' is too large");
  CHECK(server("max_request_bytes", "lots") ==
        at + "expected a size such as 4096, 64KiB or 1MiB, got 'lots'");
}

TEST_CASE("max_json_depth is a whole number of levels from 1 to 1000") {
  CHECK(load("").server.max_json_depth == 64);
  CHECK(load("server: {max_json_depth: 1000}\n").server.max_json_depth == 1000);
  CHECK(server("max_json_depth", "1001") ==
        "berth.yaml:2:19: server.max_json_depth: expected an integer from 1 to 1000, got '1001'");
  CHECK(server("max_json_depth", "0") ==
        "berth.yaml:2:19: server.max_json_depth: expected an integer from 1 to 1000, got '0'");
}

TEST_CASE("durations") {
  using namespace std::chrono_literals;
  for (const auto& [text, ms] : {std::pair{"1", std::chrono::milliseconds(1)},
                                 {"250ms", 250ms},
                                 {"10s", 10s},
                                 {"2m", 2min},
                                 {"1h", 1h},
                                 {"24h", 24h},
                                 {"1500", 1500ms}}) {
    CAPTURE(text);
    CHECK(load(std::string("server: {idle_timeout: ") + text + "}\n").server.idle_timeout == ms);
  }
  const std::string at = "berth.yaml:2:19: server.header_timeout: ";
  CHECK(server("header_timeout", "0") == at + "expected a duration above 0, got '0'");
  CHECK(server("header_timeout", "0s") == at + "expected a duration above 0, got '0s'");
  CHECK(server("header_timeout", "-5s") == at + "a duration must not be negative, got '-5s'");
  CHECK(server("header_timeout", "10x") ==
        at + "unknown duration unit 'x' in '10x'; expected one of: ms, s, m, h");
  CHECK(server("header_timeout", "1.5s") == at + "a duration must be a whole number (use a smaller "
                                                 "unit, e.g. 1500ms for 1.5s), got '1.5s'");
  CHECK(server("header_timeout", "25h") == at + "a timeout must be at most 24h, got '25h'");
  CHECK(server("header_timeout", "9999999999999999h") ==
        at + "duration '9999999999999999h' is too large");
  CHECK(server("header_timeout", "soon") ==
        at +
            "expected a duration such as 250ms, 10s, 2m or 1h (a bare number is milliseconds), got "
            "'soon'");
  CHECK(
      server("body_timeout", "{}") ==
      "berth.yaml:2:17: server.body_timeout: expected a duration such as 250ms, 10s, 2m or 1h, got "
      "a map");
}

TEST_CASE("log, data_dir and plugin_dirs") {
  CHECK(problem("log:\n  level: inf\n") ==
        "berth.yaml:2:10: log.level: expected debug, info, warn or error, got 'inf'; did you mean "
        "'info'?");
  CHECK(problem("log:\n  level: verbose\n") ==
        "berth.yaml:2:10: log.level: expected debug, info, warn or error, got 'verbose'");
  CHECK(problem("log:\n  format: yaml\n") ==
        "berth.yaml:2:11: log.format: expected json or text, got 'yaml'");
  CHECK(load("log: {level: warn}\n").log.level == LogLevel::warn);
  CHECK(load("log: {level: error}\n").log.level == LogLevel::error);
  CHECK(problem("data_dir: ''\n") ==
        "berth.yaml:1:11: data_dir: expected a non-empty string, got ''");
  CHECK(problem("data_dir: [a]\n") ==
        "berth.yaml:1:11: data_dir: expected a non-empty string, got a list");
  CHECK(problem("plugin_dirs: plugins\n") ==
        "berth.yaml:1:14: plugin_dirs: expected a list of folders, got 'plugins'");
  CHECK(problem("plugin_dirs: [a, '']\n") ==
        "berth.yaml:1:18: plugin_dirs[1]: expected a non-empty string, got ''");
}

TEST_CASE("plugin entries") {
  CHECK(problem("plugins: {name: a}\n") ==
        "berth.yaml:1:10: plugins: expected a list of plugins, got a map");
  CHECK(problem("plugins:\n  - hello\n") ==
        "berth.yaml:2:5: plugins[0]: expected a map with at least a name, got 'hello'");
  CHECK(problem("plugins:\n  - path: x.so\n") ==
        "berth.yaml:2:5: plugins[0]: missing required key 'name'");
  CHECK(problem("plugins:\n  - name: a\n    enabled: maybe\n") ==
        "berth.yaml:3:14: plugins[0].enabled: expected true or false, got 'maybe'");
  CHECK(problem("plugins:\n  - name: a\n    required: yes\n") ==
        "berth.yaml:3:15: plugins[0].required: expected true or false, got 'yes'");
  CHECK(problem("plugins:\n  - name: a\n    path: ''\n") ==
        "berth.yaml:3:11: plugins[0].path: expected a non-empty string, got ''");
}

TEST_CASE("plugin names") {
  const std::string rule =
      "expected a plugin name of 1 to 63 lowercase letters, digits, '_' or '-', starting with a "
      "letter or digit, got ";
  for (const std::string& bad :
       std::vector<std::string>{"Hello", "-x", "_x", "a b", "a.b", std::string(64, 'a')}) {
    CAPTURE(bad);
    CHECK(problem("plugins:\n  - name: '" + bad + "'\n") ==
          "berth.yaml:2:11: plugins[0].name: " + rule + "'" + bad + "'");
  }
  for (const std::string& good :
       std::vector<std::string>{"a", "0", "my_plugin-2", std::string(63, 'z')}) {
    CAPTURE(good);
    CHECK(load("plugins:\n  - name: " + good + "\n").plugins.at(0).name == good);
  }
  CHECK(problem("plugins:\n  - name: a\n  - name: b\n  - name: a\n") ==
        "berth.yaml:4:11: plugins[2].name: duplicate plugin name 'a'; first defined at line 2");
}

TEST_CASE("plugin mounts") {
  const auto mount = [](const std::string& m) {
    return problem("plugins:\n  - name: a\n    mount: '" + m + "'\n");
  };
  const std::string at = "berth.yaml:3:12: plugins[0].mount: ";
  CHECK(mount("x") == at + "must start with '/', got 'x'");
  CHECK(mount("") == at + "must start with '/', got ''");
  CHECK(mount("/a/") == at + "must not end with '/' (only the root mount '/' does), got '/a/'");
  CHECK(mount("/a//b") == at + "must not contain '//', got '/a//b'");
  CHECK(mount("//") == at + "must not contain '//', got '//'");
  CHECK(mount("/a/:id") ==
        at + "must not contain a ':parameter' segment (a mount is a fixed prefix), got '/a/:id'");
  CHECK(mount("/:id") ==
        at + "must not contain a ':parameter' segment (a mount is a fixed prefix), got '/:id'");
  for (const std::string good : {"/", "/a", "/a/b-c", "/a:b"}) {
    CAPTURE(good);
    CHECK(load("plugins:\n  - name: a\n    mount: '" + good + "'\n").plugins.at(0).mount == good);
  }
}

TEST_CASE("every problem in a file is reported, in document order") {
  const std::vector<std::string> all = problems(
      "server:\n"
      "  sokcet: /x\n"
      "  io_threads: many\n"
      "  tcp: nohost\n"
      "log:\n"
      "  level: loud\n"
      "plugins:\n"
      "  - name: Bad\n"
      "  - mount: x\n"
      "data_dir: ${NOPE}\n");
  REQUIRE(all.size() == 8);
  CHECK(all[0].starts_with("berth.yaml:2:3: server.sokcet: unknown key;"));
  CHECK(all[1] ==
        "berth.yaml:3:15: server.io_threads: expected an integer from 1 to 64, got 'many'");
  CHECK(all[2].starts_with("berth.yaml:4:8: server.tcp: expected 'host:port'"));
  CHECK(all[3] == "berth.yaml:6:10: log.level: expected debug, info, warn or error, got 'loud'");
  CHECK(all[4].starts_with("berth.yaml:8:11: plugins[0].name: expected a plugin name"));
  CHECK(all[5] == "berth.yaml:9:12: plugins[1].mount: must start with '/', got 'x'");
  CHECK(all[6] == "berth.yaml:9:5: plugins[1]: missing required key 'name'");
  CHECK(all[7] ==
        "berth.yaml:10:11: data_dir: environment variable 'NOPE' is not set and '${NOPE}' "
        "has no default (write ${NOPE:-default})");
}

}  // namespace
}  // namespace berth::config
