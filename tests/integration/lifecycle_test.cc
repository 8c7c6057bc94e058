// Start, readiness and shutdown of the real binary.
#include "berth_host.h"
#include "support/raw_connection.h"

#include <doctest/doctest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <future>
#include <thread>

using namespace berth::test;

TEST_CASE("SIGTERM: the in-flight request completes, exit code 0, socket removed") {
  BerthHost host(HostOptions{.plugins_yaml = "  - name: good\n"});
  auto slow =
      std::async(std::launch::async, [&] { return host.client().get("/good/slow?ms=700"); });
  // Wait until the request is being handled, then ask the host to stop.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  host.process().signal(SIGTERM);
  auto r = slow.get();
  CHECK(r.status == 200);
  CHECK(r.json()["slept_ms"] == 700);
  auto code = host.process().wait_exit(std::chrono::seconds(10));
  REQUIRE(code);
  CHECK(*code == 0);
  CHECK_FALSE(std::filesystem::exists(host.socket()));
  CHECK(host.log().find("\"msg\":\"stopped\"") != std::string::npos);
}

TEST_CASE("SIGINT stops it too; a request after shutdown cannot connect") {
  BerthHost host(HostOptions{.plugins_yaml = "  - name: hello\n    mount: /\n"});
  host.process().signal(SIGINT);
  REQUIRE(host.process().wait_exit(std::chrono::seconds(10)) == 0);
  CHECK_THROWS(RawConnection::unix_socket(host.socket()));
}

TEST_CASE("a stale socket file is removed and the host starts") {
  TempDir dir;
  HostOptions options{.plugins_yaml = "  - name: hello\n    mount: /\n"};
  auto socket_path = (dir / "backend.sock").string();
  // A socket file nobody listens on: what a killed backend leaves behind.
  int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, socket_path.c_str(), sizeof addr.sun_path - 1);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  ::close(fd);
  REQUIRE(std::filesystem::exists(socket_path));

  write_file(dir / "berth.yaml", host_config(dir, options));
  BerthProcess process({"--config", (dir / "berth.yaml").string()}, dir / "log");
  REQUIRE(wait_for_status(socket_path, "/hello", 200));
}

TEST_CASE("a live socket is not stolen: the second host refuses to start") {
  BerthHost first(HostOptions{.plugins_yaml = "  - name: hello\n    mount: /\n", .tcp = false});
  TempDir other;
  write_file(other / "berth.yaml", "server:\n  socket: " + first.socket() +
                                       "\nplugins: []\ndata_dir: " + (other / "data").string() +
                                       "\n");
  BerthProcess second({"--config", (other / "berth.yaml").string()}, other / "log");
  auto code = second.wait_exit(std::chrono::seconds(10));
  REQUIRE(code);
  CHECK(*code == 1);
  CHECK(second.log().find("already listening on " + first.socket()) != std::string::npos);
  CHECK(first.client().get("/hello").status == 200);
}

TEST_CASE("ready answers 503 until every plugin is registered; health is 200 all along") {
  BerthHost host(
      HostOptions{.plugins_yaml = "  - name: good\n    config: {register_delay_ms: 1500}\n",
                  .wait_ready = false});
  REQUIRE(wait_for_status(host.socket(), "/_berth/health", 200));
  auto c = host.client();
  auto early = c.get("/_berth/ready");
  CHECK(early.status == 503);
  CHECK(early.json() == nlohmann::json{{"message", "not ready"}, {"ready", false}});
  CHECK(wait_for_status(host.socket(), "/_berth/ready", 200));
  CHECK(c.get("/good/ping").status == 200);
}

TEST_CASE("a required plugin that fails stops the host from starting") {
  BerthHost host(HostOptions{.plugins_yaml = "  - name: hello\n    mount: /\n"
                                             "  - name: throws\n    required: true\n",
                             .wait_ready = false});
  auto code = host.process().wait_exit(std::chrono::seconds(10));
  REQUIRE(code);
  CHECK(*code == 1);
  CHECK(host.log().find("required plugin 'throws': plugin 'throws' failed to register: "
                        "std::runtime_error: database unreachable") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(host.socket()));
}
