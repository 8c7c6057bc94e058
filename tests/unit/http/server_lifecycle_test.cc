// Starting, draining and stopping; the socket file; load from many connections.
#include "test_app.h"

#include <doctest/doctest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <latch>

using berth::test::header_of;
using berth::test::HttpClient;
using berth::test::RawConnection;
using berth::test::status_of;
using berth::test::TempDir;
using namespace berth::http;
using namespace berth::http::test;
using namespace std::chrono_literals;

namespace {

// A socket file left behind by a process that died: bound, never listened on.
void make_stale_socket(const std::string& path) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  ::close(fd);
}

std::string start_error(ServerOptions options) {
  TestApp app;
  Server server(std::move(options), app);
  try {
    server.start();
  } catch (const StartError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("the parent directory is created and the socket mode applied") {
  TempDir dir("berth-http");
  TestApp app;
  ServerOptions o;
  o.socket_path = (dir / "a" / "b" / "c.sock").string();
  o.socket_mode = 0600;
  Server server(o, app);
  server.start();
  struct stat st {};
  REQUIRE(::stat(o.socket_path.c_str(), &st) == 0);
  CHECK(S_ISSOCK(st.st_mode));
  CHECK((st.st_mode & 0777) == 0600);
  auto client = HttpClient::unix_socket(o.socket_path);
  CHECK(client.get("/count").status == 200);
  server.stop();
  CHECK_FALSE(std::filesystem::exists(o.socket_path));
}

TEST_CASE("a stale socket file is replaced") {
  TempDir dir("berth-http");
  std::string path = (dir / "stale.sock").string();
  make_stale_socket(path);
  REQUIRE(std::filesystem::exists(path));
  TestApp app;
  ServerOptions o;
  o.socket_path = path;
  Server server(o, app);
  server.start();
  CHECK(HttpClient::unix_socket(path).get("/count").status == 200);
}

TEST_CASE("a live server's socket is not stolen") {
  TestServer first;
  ServerOptions o;
  o.socket_path = first.socket();
  CHECK(start_error(o) == "another server is already listening on " + first.socket());
  CHECK(first.client().get("/count").status == 200);  // still the first server's
}

TEST_CASE("start errors are clear") {
  TempDir dir("berth-http");
  ServerOptions too_long;
  too_long.socket_path = "/tmp/" + std::string(103, 's');  // 108 bytes
  auto e = start_error(too_long);
  CHECK(e.find("socket path is 108 bytes, the limit is 107") == 0);
  ServerOptions limit_ok;
  limit_ok.socket_path = (dir / std::string(107 - dir.path().string().size() - 1, 'k')).string();
  REQUIRE(limit_ok.socket_path.size() == 107);
  CHECK(start_error(limit_ok) == "");

  ServerOptions not_socket;
  not_socket.socket_path = (dir / "file").string();
  berth::test::write_file(not_socket.socket_path, "x");
  CHECK(start_error(not_socket) == not_socket.socket_path + " exists and is not a socket");

  ServerOptions bad_tcp;
  bad_tcp.socket_path = (dir / "t.sock").string();
  bad_tcp.tcp_host = "203.0.113.1";  // TEST-NET-3: not an address of this machine
  auto tcp_error = start_error(bad_tcp);
  CHECK(tcp_error.find("cannot bind 203.0.113.1:0: ") == 0);
  CHECK_FALSE(std::filesystem::exists(bad_tcp.socket_path));  // nothing left behind

  ServerOptions none;
  CHECK(start_error(none).find("no listener configured") == 0);
}

TEST_CASE("stop_accepting lets a slow request finish with Connection: close") {
  TestServer s;
  auto raw = s.raw();
  auto idle = s.raw();
  idle.send("GET /count HTTP/1.1\r\nHost: x\r\n\r\n");
  REQUIRE(status_of(idle.read_response()) == 200);

  raw.send("GET /slow?ms=300 HTTP/1.1\r\nHost: x\r\n\r\n");
  REQUIRE(eventually([&] { return s.app.slow_started() == 1; }));
  s.server->stop_accepting();
  CHECK_FALSE(std::filesystem::exists(s.socket()));
  CHECK_THROWS(RawConnection::unix_socket(s.socket()));
  CHECK(idle.closed_by_peer(2s));  // idle keep-alive connections go at once
  CHECK(s.server->stats().requests_in_flight == 1);

  CHECK(s.server->wait_idle(5s));
  auto r = raw.read_response();
  CHECK(status_of(r) == 200);
  CHECK(header_of(r, "Connection") == "close");
  CHECK(raw.closed_by_peer(2s));
  CHECK(s.server->stats().requests_in_flight == 0);
}

TEST_CASE("a request that starts after stop_accepting is served with Connection: close") {
  TestServer s;
  auto raw = s.raw();
  raw.send("GET /count HTTP/1.1\r\nHost: x\r\n");  // headers not finished yet
  REQUIRE(eventually([&] { return s.server->stats().connections_open == 1; }));
  s.server->stop_accepting();
  raw.send("\r\n");
  auto r = raw.read_response();
  CHECK(status_of(r) == 200);
  CHECK(header_of(r, "Connection") == "close");
}

TEST_CASE("wait_idle times out while a request runs, and stop() is idempotent") {
  TestServer s;
  auto raw = s.raw();
  raw.send("GET /slow?ms=500 HTTP/1.1\r\nHost: x\r\n\r\n");
  REQUIRE(eventually([&] { return s.app.slow_started() == 1; }));
  CHECK_FALSE(s.server->wait_idle(50ms));
  s.server->stop();  // joins the worker, closes the connection
  s.server->stop();
  s.server->stop_accepting();
  CHECK(s.server->stats().connections_open == 0);
  CHECK(s.server->wait_idle(0ms));
}

TEST_CASE("stop() with open, busy and half-read connections") {
  auto s = std::make_unique<TestServer>();
  std::vector<RawConnection> conns;
  for (int i = 0; i < 10; ++i) conns.push_back(s->raw());
  conns[0].send("GET /slow?ms=100 HTTP/1.1\r\nHost: x\r\n\r\n");
  conns[1].send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nab");
  conns[2].send("GET /count HTTP/1.1\r\nHost: x\r\n\r\n");
  REQUIRE(eventually([&] { return s->server->stats().connections_accepted == 10; }));
  s->server->stop();
  for (auto& c : conns) CHECK(c.closed_by_peer(2s));
  CHECK(s->server->stats().connections_open == 0);
  s.reset();  // the destructor stops again
}

TEST_CASE("200 concurrent connections from threads, 50 requests each") {
  TestServer s([](ServerOptions& o) {
    o.io_threads = 2;
    o.worker_threads = 8;
  });
  constexpr int kClients = 200, kRequests = 50;
  std::vector<int> ok(kClients, 0);
  std::vector<long> opened(kClients, 0);
  std::latch all_connected(kClients);
  std::vector<std::thread> threads;
  for (int c = 0; c < kClients; ++c) {
    threads.emplace_back([&, c] {
      auto client = s.client();
      // Open every connection before the load starts, so all 200 are open at once.
      if (client.get("/count").status == 200) ++ok[c];
      all_connected.arrive_and_wait();
      for (int i = 1; i < kRequests; ++i) {
        const bool inline_route = (i + c) % 2 == 0;
        std::string target =
            (inline_route ? "/inline/" : "/echo/") + std::to_string(c) + "?i=" + std::to_string(i);
        auto r = client.get(target);
        if (r.status == 200 && r.json()["query"]["i"][0] == std::to_string(i)) ++ok[c];
      }
      opened[c] = client.connections_opened();
    });
  }
  for (auto& t : threads) t.join();
  int total = 0;
  for (int c = 0; c < kClients; ++c) {
    CHECK(ok[c] == kRequests);
    CHECK(opened[c] == 1);
    total += ok[c];
  }
  CHECK(total == kClients * kRequests);
  CHECK(s.server->stats().requests == kClients * kRequests);
  CHECK(s.server->stats().connections_accepted == kClients);
  CHECK(s.app.count() == kClients);
}
