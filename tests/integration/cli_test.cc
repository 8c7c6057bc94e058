// The command line: --version, --help, --check, bad config at start, and `berth health`.
#include "berth_host.h"

#include <berth/version.h>

#include <doctest/doctest.h>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <thread>

using namespace berth::test;

TEST_CASE("--version and --help") {
  auto version = run_command({berth_binary(), "--version"});
  CHECK(version.exit_code == 0);
  CHECK(version.output == std::string("berth ") + BERTH_SDK_VERSION_STRING + " (plugin ABI " +
                              std::to_string(BERTH_ABI_VERSION) + ")\n");
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
  // The plugins are checked too: hello cannot be found without plugin_dirs.
  CHECK(r.output.find("plugin 'hello': no hello.so in the plugin folders") != std::string::npos);
  CHECK(r.output.find("invalid configuration (4 problems)") != std::string::npos);
}

TEST_CASE("--check reports broken plugins and exits 1") {
  TempDir dir;
  write_file(
      dir / "berth.yaml",
      host_config(dir, {.plugins_yaml = "  - name: hello\n    mount: /\n  - name: wrong_abi\n"
                                        "  - name: throws\n"}));
  auto r = run_command({berth_binary(), "--check", "--config", (dir / "berth.yaml").string()});
  CHECK(r.exit_code == 1);
  CHECK(r.output.find("wrong_abi.so: plugin ABI version 999, host expects " +
                      std::to_string(BERTH_ABI_VERSION)) != std::string::npos);
  CHECK(r.output.find(
            "plugin 'throws' failed to register: std::runtime_error: database unreachable") !=
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

// `berth health`, the container's healthcheck: a one-line answer and an exit code, never a hang.
namespace {

// A Unix socket server standing in for what berth cannot be made to do on demand (answer 503, or
// garbage): it answers the first request with `answer` and closes. With an empty `answer` it
// never accepts, like a process that is stuck.
class CannedServer {
 public:
  CannedServer(std::filesystem::path path, std::string answer) : path_(std::move(path)) {
    fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, path_.c_str(), sizeof address.sun_path - 1);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::listen(fd_, 8) == 0);
    if (answer.empty()) return;
    thread_ = std::thread([this, answer] {
      int client = ::accept(fd_, nullptr, nullptr);
      if (client < 0) return;
      std::string request;
      char buffer[1024];
      while (request.find("\r\n\r\n") == std::string::npos) {
        ssize_t n = ::read(client, buffer, sizeof buffer);
        if (n <= 0) break;
        request.append(buffer, static_cast<std::size_t>(n));
      }
      received_ = request;
      (void)!::write(client, answer.data(), answer.size());
      ::close(client);
    });
  }
  ~CannedServer() {
    ::shutdown(fd_, SHUT_RDWR);
    if (thread_.joinable()) thread_.join();
    ::close(fd_);
  }
  // What the client sent; waits until the answer has gone.
  std::string received() {
    if (thread_.joinable()) thread_.join();
    return received_;
  }

 private:
  std::string received_;
  std::filesystem::path path_;
  int fd_ = -1;
  std::thread thread_;
};

int line_count(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace

TEST_CASE("berth health: a ready host exits 0; its socket comes from --socket or --config") {
  BerthHost host({.plugins_yaml = "  - name: hello\n    mount: /\n", .tcp = false});
  auto by_socket = run_command({berth_binary(), "health", "--socket", host.socket()});
  CHECK(by_socket.exit_code == 0);
  CHECK(by_socket.output == "berth health: " + host.socket() + ": ready\n");
  auto by_config =
      run_command({berth_binary(), "health", "--config", (host.dir() / "berth.yaml").string()});
  CHECK(by_config.exit_code == 0);
  CHECK(by_config.output == "berth health: " + host.socket() + ": ready\n");
  auto by_env = run_command({berth_binary(), "health"}, std::chrono::seconds(10),
                            {"BERTH_CONFIG=" + (host.dir() / "berth.yaml").string()});
  CHECK(by_env.exit_code == 0);
}

TEST_CASE("berth health: no socket, a stale socket file and a bad config fail with one line") {
  TempDir dir;
  auto missing = run_command({berth_binary(), "health", "--socket", (dir / "none.sock").string()});
  CHECK(missing.exit_code == 1);
  CHECK(missing.output == "berth health: " + (dir / "none.sock").string() +
                              ": cannot connect: No such file or directory\n");

  // What a killed berth leaves behind: the file without a listener.
  auto stale = (dir / "stale.sock").string();
  { CannedServer gone(stale, ""); }
  REQUIRE(std::filesystem::exists(stale));
  auto refused = run_command({berth_binary(), "health", "--socket", stale});
  CHECK(refused.exit_code == 1);
  CHECK(refused.output.find("cannot connect: Connection refused") != std::string::npos);
  CHECK(line_count(refused.output) == 1);

  write_file(dir / "bad.yaml", "server: {io_threads: many}\n");
  auto bad = run_command({berth_binary(), "health", "--config", (dir / "bad.yaml").string()});
  CHECK(bad.exit_code == 2);
  CHECK(bad.output.find("berth health: ") == 0);
  auto no_file = run_command({berth_binary(), "health", "--config", (dir / "nope.yaml").string()});
  CHECK(no_file.exit_code == 2);
  CHECK(no_file.output.find("cannot read config file") != std::string::npos);
  auto too_long =
      run_command({berth_binary(), "health", "--socket", "/tmp/" + std::string(200, 'x')});
  CHECK(too_long.exit_code == 1);
  CHECK(too_long.output.find("socket path longer than 107 bytes") != std::string::npos);
}

TEST_CASE("berth health: a server that never answers fails within --timeout") {
  TempDir dir;
  auto path = (dir / "stuck.sock").string();
  CannedServer stuck(path, "");
  auto start = std::chrono::steady_clock::now();
  auto r = run_command({berth_binary(), "health", "--socket", path, "--timeout", "0.5"});
  auto took = std::chrono::steady_clock::now() - start;
  CHECK(r.exit_code == 1);
  CHECK(r.output == "berth health: " + path + ": no answer in time\n");
  CHECK(took >= std::chrono::milliseconds(450));
  CHECK(took < std::chrono::seconds(3));
  auto zero = run_command({berth_binary(), "health", "--socket", path, "--timeout", "0"});
  CHECK(zero.exit_code != 0);  // out of range: CLI11 refuses it
}

TEST_CASE("berth health: a not-ready answer and a non-HTTP answer are failures that say why") {
  TempDir dir;
  auto path = (dir / "canned.sock").string();
  {
    std::string body = R"({"message":"not ready","ready":false})";
    CannedServer not_ready(path, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: " +
                                     std::to_string(body.size()) + "\r\n\r\n" + body);
    auto r = run_command({berth_binary(), "health", "--socket", path});
    CHECK(r.exit_code == 1);
    CHECK(r.output == "berth health: " + path + ": not ready: HTTP 503 not ready\n");
    CHECK(not_ready.received().find("GET /_berth/ready HTTP/1.1\r\n") == 0);
  }
  std::filesystem::remove(path);
  {
    CannedServer garbage(path, "SSH-2.0-OpenSSH\r\n");
    auto r = run_command({berth_binary(), "health", "--socket", path});
    CHECK(r.exit_code == 1);
    CHECK(r.output.find("not an HTTP answer: SSH-2.0-OpenSSH") != std::string::npos);
  }
}
