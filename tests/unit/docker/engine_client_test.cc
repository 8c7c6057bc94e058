// The engine client where no engine is needed: an absent socket, a socket that never answers, and
// a caller's stop token. (Against a real engine: tests/integration/docker_test.cc.)
#include "support/temp_dir.h"

#include <berth/docker/engine_client.h>
#include <doctest/doctest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <thread>

using namespace berth::docker;
using namespace std::chrono_literals;

namespace {

// A Unix socket that accepts connections (the kernel does, from the backlog) and never answers.
struct SilentSocket {
  int fd = -1;
  explicit SilentSocket(const std::string& path) {
    fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    path.copy(addr.sun_path, sizeof addr.sun_path - 1);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(fd, 16) == 0);
  }
  ~SilentSocket() { ::close(fd); }
};

EngineError error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const EngineError& e) {
    return e;
  }
  FAIL("no EngineError");
  return EngineError(EngineError::Kind::engine, 0, "");
}

}  // namespace

TEST_CASE("an absent engine is a 503 naming the socket, at once") {
  berth::test::TempDir dir("docker-client");
  EngineClient engine({.socket = (dir / "missing.sock").string()});
  auto t0 = std::chrono::steady_clock::now();
  auto e = error_of([&] { engine.get("/containers/json"); });
  CHECK(std::chrono::steady_clock::now() - t0 < 1s);
  CHECK(e.kind() == EngineError::Kind::unavailable);
  CHECK(e.status() == 503);
  CHECK(std::string(e.what()) == "Docker Engine is not reachable at " +
                                     (dir / "missing.sock").string() +
                                     ": No such file or directory");
  CHECK(error_of([&] { engine.ping(); }).unavailable());
  CHECK(
      error_of([&] { engine.stream_lines("/events", [](std::string_view) {}, {}); }).unavailable());
}

TEST_CASE("a socket file nobody listens on (an engine that died) is a 503 too") {
  berth::test::TempDir dir("docker-client");
  const std::string path = (dir / "stale.sock").string();
  { SilentSocket bound(path); }  // closed: the file stays, connections are refused
  EngineClient engine({.socket = path});
  auto e = error_of([&] { engine.get("/info"); });
  CHECK(e.unavailable());
  CHECK(std::string(e.what()) ==
        "Docker Engine is not reachable at " + path + ": Connection refused");
}

TEST_CASE("an engine that does not answer hits the call's timeout") {
  berth::test::TempDir dir("docker-client");
  SilentSocket silent((dir / "silent.sock").string());
  EngineClient engine({.socket = (dir / "silent.sock").string(), .request_timeout = 300ms});
  auto t0 = std::chrono::steady_clock::now();
  auto e = error_of([&] { engine.ping(); });
  auto took = std::chrono::steady_clock::now() - t0;
  CHECK(e.kind() == EngineError::Kind::timeout);
  CHECK(e.status() == 504);
  CHECK(took >= 250ms);
  CHECK(took < 3s);
  e = error_of([&] { engine.ping({.timeout = 100ms}); });
  CHECK(std::string(e.what()) == "Docker Engine did not answer GET /_ping within 100 ms");
}

TEST_CASE("a caller's stop token ends a waiting call promptly") {
  berth::test::TempDir dir("docker-client");
  SilentSocket silent((dir / "silent.sock").string());
  EngineClient engine({.socket = (dir / "silent.sock").string(), .request_timeout = 30s});
  std::stop_source stop;
  std::thread stopper([&] {
    std::this_thread::sleep_for(200ms);
    stop.request_stop();
  });
  auto t0 = std::chrono::steady_clock::now();
  auto e = error_of([&] { engine.ping({.stop = stop.get_token()}); });
  CHECK(e.kind() == EngineError::Kind::cancelled);
  CHECK(std::chrono::steady_clock::now() - t0 < 2s);
  stopper.join();
}

TEST_CASE("escape encodes everything that is not unreserved") {
  CHECK(escape("a b/c?d=e&f") == "a%20b%2Fc%3Fd%3De%26f");
  CHECK(escape("web-1_a.b~") == "web-1_a.b~");
  CHECK(escape(R"({"label":["a=b"]})") == "%7B%22label%22%3A%5B%22a%3Db%22%5D%7D");
}
