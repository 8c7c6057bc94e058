// The command line: --version, --help, --check and bad config at start.
#include "berth_host.h"

#include <doctest/doctest.h>

using namespace berth::test;

TEST_CASE("--version and --help") {
  auto version = run_command({berth_binary(), "--version"});
  CHECK(version.exit_code == 0);
  CHECK(version.output == "berth 0.1.0 (plugin ABI 1)\n");
  auto help = run_command({berth_binary(), "--help"});
  CHECK(help.exit_code == 0);
  for (const char* flag : {"--config", "--socket", "--tcp", "--check", "--data-dir", "--log-level"})
    CHECK(help.output.find(flag) != std::string::npos);
}

TEST_CASE("--check passes a good config and plugins") {
  TempDir dir;
  write_file(dir / "berth.yaml",
             host_config(dir, {.plugins_yaml = "  - name: hello\n    mount: /\n"}));
  auto r = run_command({berth_binary(), "--check", "--config", (dir / "berth.yaml").string()});
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("berth.yaml: OK (1 plugins)") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "backend.sock"));
}

TEST_CASE("--check lists every config problem with file, line and column, and exits 2") {
  TempDir dir;
  auto file = (dir / "berth.yaml").string();
  write_file(file,
             "server:\n"
             "  sokcet: /tmp/x.sock\n"
             "  io_threads: many\n"
             "plugins:\n"
             "  - name: hello\n"
             "    mount: no-slash\n");
  auto r = run_command({berth_binary(), "--check", "--config", file});
  CHECK(r.exit_code == 2);
  CHECK(r.output.find(file + ":2:3: server.sokcet: unknown key") != std::string::npos);
  CHECK(r.output.find(file + ":3:15: server.io_threads:") != std::string::npos);
  CHECK(r.output.find(file + ":6:12: plugins[0].mount:") != std::string::npos);
  CHECK(r.output.find("invalid configuration (3 problems)") != std::string::npos);
}

TEST_CASE("--check reports broken plugins and exits 1") {
  TempDir dir;
  write_file(
      dir / "berth.yaml",
      host_config(dir, {.plugins_yaml = "  - name: hello\n    mount: /\n  - name: wrong_abi\n"
                                        "  - name: throws\n"}));
  auto r = run_command({berth_binary(), "--check", "--config", (dir / "berth.yaml").string()});
  CHECK(r.exit_code == 1);
  CHECK(r.output.find("wrong_abi.so: plugin ABI version 999, host expects 1") != std::string::npos);
  CHECK(r.output.find("plugin 'throws' failed to register: database unreachable") !=
        std::string::npos);
  CHECK(r.output.find("2 plugin problem(s)") != std::string::npos);
}

TEST_CASE("a bad config refuses to start with exit code 2; a missing file too") {
  TempDir dir;
  write_file(dir / "berth.yaml", "server: [not, a, map]\n");
  auto bad = run_command({berth_binary(), "--config", (dir / "berth.yaml").string()});
  CHECK(bad.exit_code == 2);
  CHECK(bad.output.find((dir / "berth.yaml").string() + ":1:9: server:") != std::string::npos);
  auto missing = run_command({berth_binary(), "--config", (dir / "nope.yaml").string()});
  CHECK(missing.exit_code == 2);
  CHECK(missing.output.find("cannot read config file") != std::string::npos);
}

TEST_CASE("command-line flags override the file and BERTH_* variables") {
  TempDir dir;
  write_file(dir / "berth.yaml",
             host_config(dir, {.plugins_yaml = "  - name: hello\n    mount: /\n", .tcp = false}));
  auto socket = (dir / "flag.sock").string();
  BerthProcess p({"--config", (dir / "berth.yaml").string(), "--socket", socket}, dir / "log",
                 {"BERTH_SOCKET=" + (dir / "env.sock").string()});
  CHECK(wait_for_status(socket, "/hello", 200));
  CHECK_FALSE(std::filesystem::exists(dir / "backend.sock"));
  CHECK_FALSE(std::filesystem::exists(dir / "env.sock"));
}

TEST_CASE("BERTH_SOCKET overrides the file") {
  TempDir dir;
  write_file(dir / "berth.yaml",
             host_config(dir, {.plugins_yaml = "  - name: hello\n    mount: /\n", .tcp = false}));
  auto socket = (dir / "env.sock").string();
  BerthProcess p({"--config", (dir / "berth.yaml").string()}, dir / "log",
                 {"BERTH_SOCKET=" + socket});
  CHECK(wait_for_status(socket, "/hello", 200));
}
