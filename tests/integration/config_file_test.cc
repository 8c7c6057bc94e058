// The config file as a hostile or careless user gives it, through the real binary: paths that are
// not regular files, huge files, deep or broken YAML, several kinds of problem in one --check, and
// signals while the host is still starting.
#include "berth_host.h"
#include "support/eventually.h"

#include <doctest/doctest.h>

#include <signal.h>
#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <thread>

using namespace berth::test;
using namespace std::chrono_literals;

namespace {

std::string nested_lists(int depth) {
  return "plugins:\n  - name: hello\n    config:\n      deep: " + std::string(depth, '[') +
         std::string(depth, ']') + "\n";
}

}  // namespace

TEST_CASE("a config path that is not a regular file is refused at once, naming what it is") {
  TempDir dir;
  const auto fifo = (dir / "berth.yaml").string();
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  // A FIFO without a writer used to block start-up forever; /dev/zero read until bad_alloc.
  const struct {
    std::string path;
    std::string what;
  } cases[] = {{fifo, "it is a FIFO, not a regular file"},
               {"/dev/zero", "it is a character device, not a regular file"},
               {dir.path().string(), "it is a directory, not a regular file"}};
  for (const auto& c : cases) {
    CAPTURE(c.path);
    const auto started = std::chrono::steady_clock::now();
    auto r = run_command({berth_binary(), "--config", c.path}, 10s);
    CHECK(r.exit_code == 2);
    CHECK(r.output.find(c.path + ": cannot read config file: " + c.what) != std::string::npos);
    CHECK(std::chrono::steady_clock::now() - started < 5s);
    auto check = run_command({berth_binary(), "--check", "--config", c.path}, 10s);
    CHECK(check.exit_code == 2);
  }
}

TEST_CASE("a config file over 1 MiB is refused with its size and the limit") {
  TempDir dir;
  const auto file = (dir / "berth.yaml").string();
  {
    std::ofstream out(file);
    out << "# padding\n" << std::string(50 * 1024 * 1024, '#') << "\n";
  }
  auto r = run_command({berth_binary(), "--config", file});
  CHECK(r.exit_code == 2);
  CHECK(r.output.find(file + ": cannot read config file: the file is 52428811 bytes, more than "
                             "the limit of 1048576 bytes (1 MiB)") != std::string::npos);
}

TEST_CASE("YAML nested too deep says so with its position; far deeper does not crash --check") {
  TempDir dir;
  const auto file = (dir / "berth.yaml").string();
  write_file(file, nested_lists(1000));
  auto r = run_command({berth_binary(), "--check", "--config", file});
  CHECK(r.exit_code == 2);
  CHECK(r.output.find(file + ":4:") != std::string::npos);
  CHECK(r.output.find("invalid YAML: maps and lists nested deeper than 500 levels, the most the "
                      "YAML parser reads") != std::string::npos);
  CHECK(r.output.find("bad file") == std::string::npos);

  std::string block;  // block style: one level per line
  for (int i = 0; i < 600; ++i) block += std::string(2 * i, ' ') + "k" + std::to_string(i) + ":\n";
  write_file(file, block);
  r = run_command({berth_binary(), "--check", "--config", file});
  CHECK(r.exit_code == 2);
  CHECK(r.output.find(file + ":499:") != std::string::npos);

  write_file(file, nested_lists(500000));
  r = run_command({berth_binary(), "--check", "--config", file});
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("nested deeper than 500 levels") != std::string::npos);
}

TEST_CASE("an unclosed quote is reported where it opened, not where the parser gave up") {
  TempDir dir;
  const auto file = (dir / "berth.yaml").string();
  std::string yaml = "server:\n  io_threads: 2\nplugins:\n";
  for (int line = 4; line < 30; ++line) yaml += "  - name: p" + std::to_string(line) + "\n";
  yaml += "  - name: \"broken\n";  // line 30
  for (int line = 31; line < 41; ++line) yaml += "    mount: /m" + std::to_string(line) + "\n";
  yaml += "  - name: x\n    config: {a: \"b\"}\n";  // the next quote: line 42
  write_file(file, yaml);
  auto r = run_command({berth_binary(), "--check", "--config", file});
  CHECK(r.exit_code == 2);
  CHECK(r.output.find(file +
                      ":30:11: invalid YAML: the quoted value that opens here is not "
                      "closed on its line, so it ran on to the next quote; the parser then "
                      "failed at 42:18: end of map not found (is a closing quote missing?)") !=
        std::string::npos);
}

TEST_CASE("a directory as a plugin path says it is a directory") {
  TempDir dir;
  std::filesystem::create_directories(dir / "hello.so");
  write_file(dir / "berth.yaml",
             host_config(dir, {.plugins_yaml = "  - name: hello\n    path: " +
                                               (dir / "hello.so").string() + "\n"}));
  auto r = run_command({berth_binary(), "--check", "--config", (dir / "berth.yaml").string()});
  CHECK(r.exit_code == 1);
  CHECK(r.output.find((dir / "hello.so").string() +
                      ": not a plugin file: it is a directory, not a shared library (.so)") !=
        std::string::npos);
  CHECK(r.output.find("no such plugin file") == std::string::npos);
}

TEST_CASE("--check lists host problems and every plugin's schema problems in one run") {
  TempDir dir;
  const auto file = dir / "berth.yaml";
  write_file(file, host_config(dir, {.plugins_yaml = "  - name: notes\n    config:\n"
                                                     "      max_title: 0\n"
                                                     "  - name: runner\n    config:\n"
                                                     "      usage_interval: soon\n",
                                     .server_yaml = "  io_threads: many\n  sokcet: /x\n"}));
  auto r = run_command({berth_binary(), "--check", "--config", file.string()});
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("server.io_threads: expected") != std::string::npos);
  CHECK(r.output.find("server.sokcet: unknown key") != std::string::npos);
  CHECK(r.output.find("plugins[0].config.max_title: Expected number greater than or equal to 1") !=
        std::string::npos);
  CHECK(r.output.find("plugins[1].config.usage_interval: expected \"integer\", got \"soon\"") !=
        std::string::npos);
  CHECK(r.output.find("invalid configuration (4 problems)") != std::string::npos);
}

TEST_CASE("SIGTERM or SIGINT during a slow start-up: the host exits promptly with 128+signal") {
  for (const int sig : {SIGTERM, SIGINT}) {
    CAPTURE(sig);
    TempDir dir;
    // The plugin's register sleeps 60 s: longer than any test may wait.
    write_file(dir / "berth.yaml",
               host_config(dir, {.plugins_yaml = "  - name: configurable\n    config:\n"
                                                 "      register_ms: 60000\n",
                                 .server_yaml = "  shutdown_timeout: 1s\n",
                                 .tcp = false}));
    BerthProcess p({"--config", (dir / "berth.yaml").string()}, dir / "berth.log");
    REQUIRE(wait_for_status((dir / "backend.sock").string(), "/_berth/ready", 503));
  // The socket answers before the plugins open: signal once the slow register is under way.
  REQUIRE(eventually([&] { return !log_lines_of(p.log(), "registering").empty(); }, 20s, 5ms));
    const auto sent = std::chrono::steady_clock::now();
    p.signal(sig);
    const auto code = p.wait_exit(10s);
    REQUIRE(code.has_value());
    CHECK(*code == 128 + sig);
    // The register under way gets shutdown_timeout (1 s) to return, then the process exits.
    CHECK(std::chrono::steady_clock::now() - sent < 5s);
    CHECK(p.log().find("start-up did not stop within the deadline") != std::string::npos);
  }
}

TEST_CASE("SIGTERM between plugins at start-up: no further plugin starts, the started ones stop") {
  TempDir dir;
  write_file(dir / "berth.yaml",
             host_config(dir, {.plugins_yaml = "  - name: configurable\n    config:\n"
                                               "      register_ms: 1500\n"
                                               "  - name: hello\n    mount: /\n",
                               .server_yaml = "  shutdown_timeout: 5s\n",
                               .tcp = false}));
  BerthProcess p({"--config", (dir / "berth.yaml").string()}, dir / "berth.log");
  REQUIRE(wait_for_status((dir / "backend.sock").string(), "/_berth/ready", 503));
  // The socket answers before the plugins open: signal once the slow register is under way.
  REQUIRE(eventually([&] { return !log_lines_of(p.log(), "registering").empty(); }, 20s, 5ms));
  p.signal(SIGTERM);
  const auto code = p.wait_exit(10s);
  REQUIRE(code.has_value());
  CHECK(*code == 128 + SIGTERM);
  const std::string log = p.log();
  CHECK(log.find("stop signal during start-up") != std::string::npos);
  CHECK(log_lines_of(log, "plugin started").size() == 1);  // configurable, not hello
  CHECK(log_lines_of(log, "plugin stopped").size() == 1);
  CHECK(log.find("start-up did not stop within the deadline") == std::string::npos);
}
