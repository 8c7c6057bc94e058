// Deferred answers (long polls): the handler returns at once, the answer comes from another
// thread later, and the connection keeps its order and keep-alive.
#include "test_app.h"

#include <doctest/doctest.h>

#include <future>

using berth::test::body_of;
using berth::test::status_of;
using namespace berth::http;
using namespace berth::http::test;

TEST_CASE("a deferred answer arrives on the same keep-alive connection") {
  TestServer s;
  auto client = s.client();
  auto r = client.get("/deferred?ms=50");
  CHECK(r.status == 200);
  CHECK(r.json() == nlohmann::json{{"deferred", "/deferred?ms=50"}});
  CHECK(client.get("/count").json()["count"] == 1);
  CHECK(client.connections_opened() == 1);
}

TEST_CASE("deferred answers hold no worker: more pending than workers still complete") {
  TestServer s([](ServerOptions& o) { o.worker_threads = 2; });
  std::vector<std::future<long>> pending;
  for (int i = 0; i < 8; ++i)
    pending.push_back(
        std::async(std::launch::async, [&] { return s.client().get("/deferred?ms=300").status; }));
  // With every worker blocked this would wait 300 ms per pair; the deferrals leave them free.
  auto fast = s.client().get("/echo/now");
  CHECK(fast.status == 200);
  for (auto& p : pending) CHECK(p.get() == 200);
}

TEST_CASE("a request pipelined behind a deferred one is answered after it") {
  TestServer s;
  auto raw = s.raw();
  raw.send(
      "GET /inline-deferred?ms=100 HTTP/1.1\r\nHost: x\r\n\r\nGET /echo/second HTTP/1.1\r\nHost: "
      "x\r\n\r\n");
  auto first = raw.read_response();
  CHECK(status_of(first) == 200);
  CHECK(nlohmann::json::parse(body_of(first))["deferred"] == "/inline-deferred?ms=100");
  auto second = raw.read_response();
  CHECK(status_of(second) == 200);
  CHECK(nlohmann::json::parse(body_of(second))["path"] == "/echo/second");
}

TEST_CASE("a deferred answer after the client left, or after the server stopped, is harmless") {
  bool stopped_cleanly = false;
  {
    TestServer s;
    {
      auto raw = s.raw();
      raw.send("GET /deferred?ms=100 HTTP/1.1\r\nHost: x\r\n\r\n");
    }  // the client leaves before the answer
    auto raw = s.raw();
    raw.send("GET /deferred?ms=400 HTTP/1.1\r\nHost: x\r\n\r\n");
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    s.server->stop();  // the 400 ms answer comes after this
    stopped_cleanly = !std::filesystem::exists(s.socket());
  }
  // What this proves shows under ASan/TSan (make test-asan, test-tsan): no use after free.
  CHECK(stopped_cleanly);
}
