// What the server answers itself: malformed input, limits and timeouts.
#include "test_app.h"

#include <doctest/doctest.h>

using berth::test::body_of;
using berth::test::header_of;
using berth::test::status_of;
using namespace berth::http;
using namespace berth::http::test;
using namespace std::chrono_literals;

namespace {

std::string message_of(const std::string& response) {
  return nlohmann::json::parse(body_of(response))["message"].get<std::string>();
}

void set_small_timeouts(ServerOptions& o) {
  o.header_timeout = 200ms;
  o.body_timeout = 200ms;
  o.idle_timeout = 300ms;
}

// An error response: JSON message, `Connection: close`, and the connection really closes.
void check_closing_error(berth::test::RawConnection& raw, int status,
                         std::chrono::milliseconds within = 1s) {
  auto start = std::chrono::steady_clock::now();
  auto r = raw.read_response(within);
  CHECK(std::chrono::steady_clock::now() - start < within);
  REQUIRE(status_of(r) == status);
  CHECK(header_of(r, "Content-Type") == "application/json");
  CHECK(header_of(r, "Connection") == "close");
  CHECK(header_of(r, "X-Request-Id").size() == 16);
  CHECK_FALSE(message_of(r).empty());
  CHECK(raw.closed_by_peer(3s));
}

}  // namespace

TEST_CASE("garbage gets 400 at once, naming the parser error") {
  TestServer s;
  auto raw = s.raw();
  raw.send("GARBAGE\r\n\r\n");
  auto r = raw.read_response(1s);
  REQUIRE(status_of(r) == 400);
  CHECK(message_of(r).find("HPE_INVALID_METHOD") != std::string::npos);
  CHECK(header_of(r, "Connection") == "close");
  CHECK(raw.closed_by_peer(2s));
  REQUIRE(s.app.rejections().size() == 1);
  CHECK(s.app.rejections()[0].status == 400);
  CHECK(s.app.rejections()[0].request_id == header_of(r, "X-Request-Id"));
}

TEST_CASE("invalid Content-Length values get 400") {
  TestServer s;
  for (const char* value : {"abc", "-1", "99999999999999999999999", "1 2"}) {
    CAPTURE(value);
    auto raw = s.raw();
    raw.send(std::string("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: ") + value +
             "\r\n\r\n");
    check_closing_error(raw, 400);
  }
}

TEST_CASE("a declared body over the limit gets 413 before it is sent") {
  TestServer s([](ServerOptions& o) { o.max_request_bytes = 64 * 1024; });
  auto raw = s.raw();
  raw.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n");
  auto r = raw.read_response(1s);
  REQUIRE(status_of(r) == 413);
  CHECK(message_of(r).find("10000000") != std::string::npos);
  CHECK(header_of(r, "Connection") == "close");
  CHECK(raw.closed_by_peer(3s));
  CHECK(s.app.count() == 0);

  // curl reads the 413 although it is still sending.
  auto client = s.client();
  auto c = client.request("POST", "/echo", std::string(100 * 1024, 'x'));
  CHECK(c.status == 413);
}

TEST_CASE("a chunked body over the limit gets 413 while it streams") {
  TestServer s([](ServerOptions& o) { o.max_request_bytes = 16 * 1024; });
  auto raw = s.raw();
  raw.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
  std::string chunk = "400\r\n" + std::string(1024, 'c') + "\r\n";
  for (int i = 0; i < 20; ++i) raw.send(chunk);  // 20 KiB, no terminating chunk
  check_closing_error(raw, 413);
}

TEST_CASE("a body exactly at the limit is accepted") {
  const std::string head = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n";
  TestServer s([&](ServerOptions& o) { o.max_request_bytes = head.size() + 1000; });
  auto raw = s.raw();
  raw.send(head + std::string(1000, 'a'));
  CHECK(status_of(raw.read_response()) == 200);
  raw.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1001\r\n\r\n");
  check_closing_error(raw, 413);
}

TEST_CASE("a huge header section gets 431") {
  TestServer s;
  auto raw = s.raw();
  raw.send("GET /echo HTTP/1.1\r\nHost: x\r\nX-Huge: " + std::string(70 * 1024, 'h') + "\r\n\r\n");
  check_closing_error(raw, 431);

  // Many small headers add up too, and the answer comes before the header section ends.
  auto raw2 = s.raw();
  std::string many = "GET /echo HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 3000; ++i) many += "X-H" + std::to_string(i) + ": 0123456789012345\r\n";
  raw2.send(many);
  check_closing_error(raw2, 431);
}

TEST_CASE("header timeout: 408 when the headers do not complete") {
  TestServer s(set_small_timeouts);
  auto raw = s.raw();
  auto start = std::chrono::steady_clock::now();
  raw.send("GET /echo HTTP/1.1\r\nHost: slow");
  auto r = raw.read_response(3s);
  auto took = std::chrono::steady_clock::now() - start;
  REQUIRE(status_of(r) == 408);
  CHECK(message_of(r).find("header") != std::string::npos);
  CHECK(took >= 190ms);
  CHECK(took < 1500ms);
  CHECK(raw.closed_by_peer(3s));
  REQUIRE(s.app.rejections().size() == 1);
  CHECK(s.app.rejections()[0].status == 408);
}

TEST_CASE("body timeout: 408 when the body does not complete") {
  TestServer s(set_small_timeouts);
  auto raw = s.raw();
  raw.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly part");
  auto r = raw.read_response(3s);
  REQUIRE(status_of(r) == 408);
  CHECK(message_of(r).find("body") != std::string::npos);
  CHECK(raw.closed_by_peer(3s));
  CHECK(s.app.rejections()[0].target == "/echo");
}

TEST_CASE("idle keep-alive connections are closed silently") {
  TestServer s(set_small_timeouts);
  auto raw = s.raw();
  raw.send("GET /count HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(status_of(raw.read_response()) == 200);
  auto start = std::chrono::steady_clock::now();
  CHECK(raw.read_until_close(3s).empty());  // closed, and nothing was sent
  CHECK(std::chrono::steady_clock::now() - start >= 250ms);
  CHECK(eventually([&] { return s.server->stats().connections_open == 0; }));

  // A connection that never sends anything is idle too.
  auto silent = s.raw();
  CHECK(silent.closed_by_peer(3s));
}

TEST_CASE("timeouts apply on TCP too") {
  TestServer s([](ServerOptions& o) {
    set_small_timeouts(o);
    o.tcp_host = "127.0.0.1";
  });
  auto raw = berth::test::RawConnection::tcp(s.server->tcp_port());
  raw.send("GET / HTTP/1.1\r\nHost: x\r\n");
  CHECK(status_of(raw.read_response(3s)) == 408);
  CHECK(raw.closed_by_peer(3s));
}

TEST_CASE("a busy connection is not timed out while its handler runs") {
  TestServer s(set_small_timeouts);
  auto raw = s.raw();
  raw.send("GET /slow?ms=600 HTTP/1.1\r\nHost: x\r\n\r\n");
  auto r = raw.read_response(3s);
  CHECK(status_of(r) == 200);
  CHECK(header_of(r, "Connection").empty());
}

TEST_CASE("a client that disconnects mid-request breaks nothing") {
  TestServer s;
  {
    auto raw = s.raw();
    raw.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nhalf");
  }
  {
    auto raw = s.raw();
    raw.send("GET /slow?ms=100 HTTP/1.1\r\nHost: x\r\n\r\n");  // leaves while the worker sleeps
  }
  {
    auto raw = s.raw();
    raw.send(
        "GET /big?n=5000000 HTTP/1.1\r\nHost: x\r\n\r\n");  // leaves while the response is written
  }
  {
    auto raw = s.raw();
    raw.send("GET /ech");
    raw.shutdown_write();
  }
  CHECK(eventually([&] { return s.server->stats().connections_open == 0; }));
  CHECK(eventually([&] { return s.server->stats().requests_in_flight == 0; }));
  auto client = s.client();
  CHECK(client.get("/count").status == 200);
}
