// load_file / load_string on valid input, file handling, and the Problem / ConfigError format.
#include "config/load.h"
#include "support/temp_dir.h"
#include "test_env.h"

#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>

namespace berth::config {
namespace {

using namespace std::chrono_literals;
using test::fake_env;
using test::load;
using test::problem;

void check_defaults(const HostConfig& c) {
  const HostConfig d;
  CHECK(c.server.socket == "/run/guest-services/backend.sock");
  CHECK(c.server.socket_mode == 0660);
  CHECK_FALSE(c.server.tcp.has_value());
  CHECK(c.server.io_threads == 2);
  CHECK(c.server.worker_threads == 16);
  CHECK(c.server.backlog == 4096);
  CHECK(c.server.max_request_bytes == 1024 * 1024);
  CHECK(c.server.header_timeout == 10s);
  CHECK(c.server.body_timeout == 30s);
  CHECK(c.server.idle_timeout == 60s);
  CHECK(c.server.shutdown_timeout == 5s);
  CHECK(c.data_dir == "/var/lib/berth");
  CHECK(c.log.level == LogLevel::info);
  CHECK(c.log.json);
  CHECK(c.plugin_dirs.empty());
  CHECK(c.plugins.empty());
  CHECK_FALSE(c.watch_plugins);
  CHECK(c.tasks.workers == 4);
  CHECK(c.tasks.queue_capacity == 256);
}

TEST_CASE("an empty document gives every default") {
  for (const char* yaml : {"", "# only a comment\n\n# and another\n", "~\n", "---\n", "server:\n",
                           "server: {}\nlog:\nplugins: []\nplugin_dirs:\n"}) {
    CAPTURE(yaml);
    const HostConfig c = load(yaml);
    CHECK(c.source == "berth.yaml");
    check_defaults(c);
  }
}

constexpr const char* kFullFile = R"(# every key
server:
  socket: /run/guest-services/other.sock
  socket_mode: "0600"
  tcp: 127.0.0.1:8080
  io_threads: 4
  worker_threads: 32
  backlog: 128
  max_request_bytes: 2MiB
  header_timeout: 250ms
  body_timeout: 2m
  idle_timeout: 1h
  shutdown_timeout: 1500
data_dir: /srv/berth
log:
  level: debug
  format: text
plugin_dirs: [plugins, /usr/lib/berth/plugins, ../shared/./more]
plugins:
  - name: hello
    path: ./hello.so
    enabled: false
    mount: /
    required: true
    config: {greeting: hi, count: 3}
  - name: notes-2
watch_plugins: true
)";

TEST_CASE("a file with every key") {
  const berth::test::TempDir dir;
  const auto file = dir / "berth.yaml";
  berth::test::write_file(file, kFullFile);
  const HostConfig c = load_file(file.string(), fake_env());
  const std::string folder = dir.path().string();

  CHECK(c.source == file.string());
  CHECK(c.server.socket == "/run/guest-services/other.sock");
  CHECK(c.server.socket_mode == 0600);
  REQUIRE(c.server.tcp.has_value());
  CHECK(c.server.tcp->host == "127.0.0.1");
  CHECK(c.server.tcp->port == 8080);
  CHECK(c.server.io_threads == 4);
  CHECK(c.server.worker_threads == 32);
  CHECK(c.server.backlog == 128);
  CHECK(c.server.max_request_bytes == 2 * 1024 * 1024);
  CHECK(c.server.header_timeout == 250ms);
  CHECK(c.server.body_timeout == 2min);
  CHECK(c.server.idle_timeout == 1h);
  CHECK(c.server.shutdown_timeout == 1500ms);
  CHECK(c.data_dir == "/srv/berth");
  CHECK(c.log.level == LogLevel::debug);
  CHECK_FALSE(c.log.json);
  CHECK(c.watch_plugins);
  CHECK(c.plugin_dirs ==
        std::vector<std::string>{folder + "/plugins", "/usr/lib/berth/plugins",
                                 dir.path().parent_path().string() + "/shared/more"});
  REQUIRE(c.plugins.size() == 2);
  const PluginEntry& hello = c.plugins[0];
  CHECK(hello.name == "hello");
  CHECK(hello.path == folder + "/hello.so");
  CHECK_FALSE(hello.enabled);
  CHECK(hello.mount == std::optional<std::string>("/"));
  CHECK(hello.required);
  CHECK(hello.config == nlohmann::json{{"greeting", "hi"}, {"count", 3}});
  CHECK(hello.mark.file == file.string());
  CHECK(hello.mark.line == 20);
  CHECK(hello.mark.column == 5);

  const PluginEntry& notes = c.plugins[1];
  CHECK(notes.name == "notes-2");
  CHECK(notes.path.empty());
  CHECK(notes.enabled);
  CHECK_FALSE(notes.mount.has_value());
  CHECK_FALSE(notes.required);
  CHECK(notes.config == nlohmann::json::object());
  CHECK(notes.mark.line == 26);
}

TEST_CASE("log.requests and log.slow_request: all by default, errors and off; a duration") {
  const HostConfig defaults = load("");
  CHECK(defaults.log.requests == RequestLogMode::all);
  CHECK(defaults.log.slow_request == std::chrono::seconds(1));
  CHECK(load("log: {requests: errors, slow_request: 250ms}\n").log.requests ==
        RequestLogMode::errors);
  CHECK(load("log: {requests: errors, slow_request: 250ms}\n").log.slow_request ==
        std::chrono::milliseconds(250));
  CHECK(load("log: {requests: \"off\"}\n").log.requests == RequestLogMode::off);
  CHECK(load("log: {requests: off}\n").log.requests == RequestLogMode::off);  // not a YAML 1.1 bool
  CHECK(problem("log: {requests: some}\n").find("log.requests: expected") != std::string::npos);
  CHECK(problem("log: {slow_request: 0s}\n").find("log.slow_request") != std::string::npos);
}

TEST_CASE("the tasks section sizes the task pool; bad values name the key") {
  auto c = load("tasks:\n  workers: 8\n  queue_capacity: 10\n");
  CHECK(c.tasks.workers == 8);
  CHECK(c.tasks.queue_capacity == 10);
  CHECK(problem("tasks:\n  workers: 0\n") ==
        "berth.yaml:2:12: tasks.workers: expected an integer from 1 to 256, got '0'");
}

TEST_CASE("log.buffer_lines sizes the ring behind GET /_berth/logs; bad values name the key") {
  CHECK(load("").log.buffer_lines == 1000);
  CHECK(load("log:\n  buffer_lines: 50\n").log.buffer_lines == 50);
  CHECK(problem("log:\n  buffer_lines: 0\n") ==
        "berth.yaml:2:17: log.buffer_lines: expected an integer from 1 to 100000, got '0'");
  CHECK(problem("log: {buffer_lines: lots}\n") ==
        "berth.yaml:1:21: log.buffer_lines: expected an integer from 1 to 100000, got 'lots'");
}

TEST_CASE("the tasks section bounds what jobs keep and how long finished ones stay") {
  const HostConfig defaults = load("");
  CHECK(defaults.tasks.max_params_bytes == 64 * 1024);
  CHECK(defaults.tasks.max_result_bytes == 256 * 1024);
  CHECK(defaults.tasks.max_log_line_bytes == 8 * 1024);
  CHECK(defaults.tasks.log_tail_lines == 200);
  CHECK(defaults.tasks.retention.max_age == 168h);
  CHECK(defaults.tasks.retention.max_jobs == 1000);
  CHECK(defaults.tasks.retention.interval == 1min);
  auto c = load(
      "tasks:\n  max_params_bytes: 1KiB\n  max_result_bytes: 2MiB\n  max_log_line_bytes: 512\n"
      "  log_tail_lines: 20\n  retention: {max_age: 720h, max_jobs: 50, interval: 10s}\n");
  CHECK(c.tasks.max_params_bytes == 1024);
  CHECK(c.tasks.max_result_bytes == 2 * 1024 * 1024);
  CHECK(c.tasks.max_log_line_bytes == 512);
  CHECK(c.tasks.log_tail_lines == 20);
  CHECK(c.tasks.retention.max_age == 720h);
  CHECK(c.tasks.retention.max_jobs == 50);
  CHECK(c.tasks.retention.interval == 10s);
  CHECK(problem("tasks:\n  retention:\n    max_age: 0s\n") ==
        "berth.yaml:3:14: tasks.retention.max_age: expected a duration above 0, got '0s'");
  CHECK(problem("tasks:\n  retention:\n    max_jobs: 0\n") ==
        "berth.yaml:3:15: tasks.retention.max_jobs: expected an integer from 1 to 1000000, got "
        "'0'");
  CHECK(problem("tasks:\n  max_params_bytes: lots\n") ==
        "berth.yaml:2:21: tasks.max_params_bytes: expected a size such as 4096, 64KiB or 1MiB, "
        "got 'lots'");
}

TEST_CASE("load_string resolves relative paths against the current folder") {
  const std::string cwd = std::filesystem::current_path().string();
  const HostConfig c = load(
      "plugin_dirs: [p, /abs]\n"
      "plugins:\n"
      "  - {name: a, path: lib/a.so}\n"
      "  - {name: b, path: /opt/b.so}\n");
  CHECK(c.plugin_dirs == std::vector<std::string>{cwd + "/p", "/abs"});
  CHECK(c.plugins[0].path == cwd + "/lib/a.so");
  CHECK(c.plugins[1].path == "/opt/b.so");
}

TEST_CASE("load_file with a relative file name resolves against the file's folder") {
  const berth::test::TempDir dir;
  berth::test::write_file(dir / "berth.yaml", "plugin_dirs: [plugins]\n");
  const auto old_cwd = std::filesystem::current_path();
  std::filesystem::current_path(dir.path().parent_path());
  const std::string relative = dir.path().filename().string() + "/berth.yaml";
  const HostConfig c = load_file(relative, fake_env());
  std::filesystem::current_path(old_cwd);
  CHECK(c.source == relative);
  CHECK(c.plugin_dirs == std::vector<std::string>{dir.path().string() + "/plugins"});
}

TEST_CASE("a missing or unreadable file is one problem") {
  const berth::test::TempDir dir;
  const std::string missing = (dir / "nope.yaml").string();
  try {
    load_file(missing, fake_env());
    FAIL("expected ConfigError");
  } catch (const ConfigError& e) {
    REQUIRE(e.problems().size() == 1);
    CHECK(e.problems()[0].mark.file == missing);
    CHECK(e.problems()[0].mark.line == 0);
    CHECK(std::string(e.what()) ==
          missing + ": cannot read config file: No such file or directory");
  }
  try {
    load_file(dir.path().string(), fake_env());
    FAIL("expected ConfigError");
  } catch (const ConfigError& e) {
    CHECK(std::string(e.what()) == dir.path().string() +
                                       ": cannot read config file: it is a directory, not a "
                                       "regular file");
  }
}

TEST_CASE("read_whole_file: regular files only, never waiting on a FIFO, at most 1 MiB") {
  const berth::test::TempDir dir;
  auto error = [](const std::string& path) {
    const auto content = read_whole_file(path);
    REQUIRE_FALSE(content);
    return content.error();
  };
  const std::string fifo = (dir / "fifo").string();
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(error(fifo) == "it is a FIFO, not a regular file");  // returns at once: there is no writer
  CHECK(error("/dev/null") == "it is a character device, not a regular file");

  const std::string big = (dir / "big.yaml").string();
  berth::test::write_file(big, std::string(kMaxConfigFileBytes, '#'));
  CHECK(read_whole_file(big)->size() == kMaxConfigFileBytes);
  berth::test::write_file(big, std::string(kMaxConfigFileBytes + 1, '#'));
  CHECK(error(big) == "the file is 1048577 bytes, more than the limit of 1048576 bytes (1 MiB)");
}

TEST_CASE("invalid YAML is one problem at yaml-cpp's position") {
  CHECK(problem("server:\n  io_threads: [1, 2\nlog: {}\n") ==
        "berth.yaml:3:4: invalid YAML: end of sequence flow not found");
  CHECK(problem("server: a: b\n") == "berth.yaml:1:10: invalid YAML: illegal map value");
  CHECK(problem("a:\n  b: 1\n c: 2\n") == "berth.yaml:3:2: invalid YAML: end of map not found");
}

TEST_CASE("YAML nested past yaml-cpp's depth limit says so, at its position") {
  const std::string deep = "a: " + std::string(1000, '[') + std::string(1000, ']') + "\n";
  const std::string message = problem(deep);
  CHECK(message.rfind("berth.yaml:1:", 0) == 0);
  CHECK(message.find(": invalid YAML: maps and lists nested deeper than 500 levels, the most the "
                     "YAML parser reads") != std::string::npos);
  std::string block;
  for (int i = 0; i < 501; ++i) block += std::string(i, ' ') + "-\n";
  CHECK(problem(block).rfind("berth.yaml:500:", 0) == 0);
  // Within the limit (the document's map is a level too) it reads.
  const std::string ok = "a: " + std::string(498, '[') + std::string(498, ']') + "\n";
  CHECK(problem(ok).find("invalid YAML") == std::string::npos);
}

TEST_CASE("an unclosed quote is placed where it opened; yaml-cpp's position is in the message") {
  CHECK(problem("a: 1\nb: \"open\nc: 2\nd: [x, \"y\"]\n") ==
        "berth.yaml:2:4: invalid YAML: the quoted value that opens here is not closed on its "
        "line, so it ran on to the next quote; the parser then failed at 4:9: end of map not "
        "found (is a closing quote missing?)");
  // Quotes inside plain scalars and comments, and closed ones, are not the culprit.
  CHECK(problem("a: don't # it's\nb: 'it''s'\nc: [\"x\", 2\n") ==
        "berth.yaml:4:1: invalid YAML: end of sequence flow not found");
}

TEST_CASE("invalid YAML still reports BERTH_* problems") {
  CHECK(problem("a: [\n", {{"BERTH_BACKLOG", "0"}}) ==
        "berth.yaml:2:1: invalid YAML: end of sequence flow not found\n"
        "environment: BERTH_BACKLOG: expected an integer from 1 to 65535, got '0'");
}

TEST_CASE("Problem::to_string leaves out what is unknown") {
  CHECK(Problem{{"f.yaml", 12, 5}, "server.tcp.port", "bad"}.to_string() ==
        "f.yaml:12:5: server.tcp.port: bad");
  CHECK(Problem{{"f.yaml", 0, 0}, "server.tcp.port", "bad"}.to_string() ==
        "f.yaml: server.tcp.port: bad");
  CHECK(Problem{{"f.yaml", 3, 1}, "", "bad"}.to_string() == "f.yaml:3:1: bad");
  CHECK(Problem{{"environment", 0, 0}, "BERTH_TCP", "bad"}.to_string() ==
        "environment: BERTH_TCP: bad");
  CHECK(Problem{{"", 0, 0}, "", "bad"}.to_string() == "bad");
}

TEST_CASE("ConfigError's what() joins every problem") {
  const ConfigError e(
      {Problem{{"a.yaml", 1, 2}, "x", "one"}, Problem{{"a.yaml", 0, 0}, "", "two"}});
  CHECK(std::string(e.what()) == "a.yaml:1:2: x: one\na.yaml: two");
  CHECK(e.problems().size() == 2);
}

TEST_CASE("process_environment reads the real environment") {
  ::setenv("BERTH_CONFIG_TEST_VAR", "value", 1);
  ::unsetenv("BERTH_CONFIG_TEST_UNSET");
  const Environment env = process_environment();
  CHECK(env("BERTH_CONFIG_TEST_VAR") == std::optional<std::string>("value"));
  CHECK_FALSE(env("BERTH_CONFIG_TEST_UNSET").has_value());
  ::unsetenv("BERTH_CONFIG_TEST_VAR");
}

}  // namespace
}  // namespace berth::config
