// The server as clients see it: methods, decoding, keep-alive, pipelining, bodies.
#include "test_app.h"

#include <doctest/doctest.h>
#include <unistd.h>

using berth::test::body_of;
using berth::test::header_of;
using berth::test::HttpClient;
using berth::test::status_of;
using namespace berth::http;
using namespace berth::http::test;

TEST_CASE("every method reaches the application with its body") {
  TestServer s;
  auto client = s.client();
  for (const char* method : {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
    CAPTURE(method);
    std::string body = std::string(method) == "GET" ? "" : std::string("payload-") + method;
    auto r = client.request(method, "/echo/x", body);
    REQUIRE(r.status == 200);
    auto j = r.json();
    CHECK(j["method"] == method);
    CHECK(j["path"] == "/echo/x");
    CHECK(j["body"] == body);
    auto id = r.header("X-Request-Id");
    REQUIRE(id);
    CHECK(id->size() == 16);
    CHECK(j["request_id"] == *id);
  }
  CHECK(client.connections_opened() == 1);
}

TEST_CASE("HEAD gets GET's headers and length but no body") {
  TestServer s;
  auto raw = s.raw();
  raw.send("GET /big?n=1234 HTTP/1.1\r\nHost: x\r\n\r\n");
  auto get = raw.read_response();
  REQUIRE(status_of(get) == 200);
  CHECK(header_of(get, "Content-Length") == "1234");
  CHECK(body_of(get).size() == 1234);

  raw.send("HEAD /big?n=1234 HTTP/1.1\r\nHost: x\r\n\r\nGET /count HTTP/1.1\r\nHost: x\r\n\r\n");
  // read_response would wait for 1234 body bytes: read the head only, then the next response.
  auto both = raw.read_until_close(std::chrono::milliseconds(300));
  auto first_end = both.find("\r\n\r\n");
  REQUIRE(first_end != std::string::npos);
  std::string head = both.substr(0, first_end + 4);
  CHECK(status_of(head) == 200);
  CHECK(header_of(head, "Content-Length") == "1234");
  CHECK(header_of(head, "Content-Type") == "text/plain; charset=utf-8");
  std::string rest = both.substr(first_end + 4);
  CHECK(rest.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);  // no body bytes in between

  auto client = s.client();
  auto h = client.request("HEAD", "/echo");
  CHECK(h.status == 200);
  CHECK(h.body.empty());
}

TEST_CASE("204 and 304 carry neither body nor Content-Length") {
  TestServer s;
  auto raw = s.raw();
  for (const char* status : {"204", "304"}) {
    raw.send(std::string("GET /status/") + status + " HTTP/1.1\r\nHost: x\r\n\r\n");
    auto r = raw.read_response();
    CHECK(status_of(r) == std::stoi(status));
    CHECK(header_of(r, "Content-Length").empty());
    CHECK(body_of(r).empty());
  }
  raw.send("GET /count HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(status_of(raw.read_response()) == 200);  // framing intact after bodyless responses
}

TEST_CASE("handler framing headers are replaced by the server's") {
  TestServer s;
  auto raw = s.raw();
  raw.send("GET /framing HTTP/1.1\r\nHost: x\r\n\r\n");
  auto r = raw.read_response();
  CHECK(status_of(r) == 200);
  CHECK(header_of(r, "Content-Length") == "4");
  CHECK(header_of(r, "Transfer-Encoding").empty());
  CHECK(header_of(r, "Connection").empty());
  CHECK(header_of(r, "X-Custom") == "yes");
  CHECK(body_of(r) == "four");
  CHECK_FALSE(raw.closed_by_peer(std::chrono::milliseconds(100)));
}

TEST_CASE("query and path are decoded") {
  TestServer s;
  auto client = s.client();
  auto r = client.get("/echo/a%20b%2Fc?q=h%C3%A9llo+w%26rld&q=2&empty=&flag");
  REQUIRE(r.status == 200);
  auto j = r.json();
  CHECK(j["path"] == "/echo/a b/c");
  CHECK(j["target"] == "/echo/a%20b%2Fc?q=h%C3%A9llo+w%26rld&q=2&empty=&flag");
  CHECK(j["query"]["q"] == nlohmann::json::array({"h\xC3\xA9llo w&rld", "2"}));
  CHECK(j["query"]["empty"] == nlohmann::json::array({""}));
  CHECK(j["query"]["flag"] == nlohmann::json::array({""}));
}

TEST_CASE("bad escapes in the path are refused with 400") {
  TestServer s;
  for (const char* target : {"/echo/a%00b", "/echo/%zz", "/echo/%4"}) {
    CAPTURE(target);
    auto raw = s.raw();
    raw.send(std::string("GET ") + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
    auto r = raw.read_response();
    CHECK(status_of(r) == 400);
    CHECK(header_of(r, "Content-Type") == "application/json");
    CHECK(nlohmann::json::parse(body_of(r))["message"].get<std::string>().find("path") !=
          std::string::npos);
    CHECK(raw.closed_by_peer(std::chrono::seconds(2)));
  }
}

TEST_CASE("an unsupported method gets 501 with a JSON message") {
  TestServer s;
  auto raw = s.raw();
  raw.send("PROPFIND /echo HTTP/1.1\r\nHost: x\r\n\r\n");
  auto r = raw.read_response();
  CHECK(status_of(r) == 501);
  CHECK(nlohmann::json::parse(body_of(r))["message"] == "method PROPFIND is not supported");
  REQUIRE(s.app.rejections().size() == 1);
  CHECK(s.app.rejections()[0].status == 501);
  CHECK(s.app.rejections()[0].target == "/echo");
}

TEST_CASE("100 keep-alive requests share one connection and never say close") {
  TestServer s;
  auto client = s.client();
  for (int i = 1; i <= 100; ++i) {
    auto r = client.get("/count");
    REQUIRE(r.status == 200);
    REQUIRE(r.json()["count"] == i);
    REQUIRE_FALSE(r.header("Connection"));
  }
  CHECK(client.connections_opened() == 1);
  CHECK(s.server->stats().connections_accepted == 1);
  CHECK(s.server->stats().requests == 100);
}

TEST_CASE("Connection: close is honoured") {
  TestServer s;
  auto raw = s.raw();
  raw.send("GET /count HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  auto r = raw.read_response();
  CHECK(status_of(r) == 200);
  CHECK(header_of(r, "Connection") == "close");
  CHECK(raw.closed_by_peer(std::chrono::seconds(2)));

  auto client = s.client();
  auto c = client.request("GET", "/count", "", {"Connection: close"});
  CHECK(c.header("Connection") == "close");
  client.get("/count");
  CHECK(client.connections_opened() == 2);
}

TEST_CASE("HTTP/1.0 closes unless keep-alive is asked for") {
  TestServer s;
  auto raw = s.raw();
  raw.send("GET /count HTTP/1.0\r\n\r\n");
  auto r = raw.read_response();
  CHECK(status_of(r) == 200);
  CHECK(header_of(r, "Connection") == "close");
  CHECK(raw.closed_by_peer(std::chrono::seconds(2)));

  auto ka = s.raw();
  ka.send("GET /count HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  auto r1 = ka.read_response();
  CHECK(status_of(r1) == 200);
  CHECK(header_of(r1, "Connection") == "keep-alive");
  ka.send("GET /count HTTP/1.0\r\n\r\n");
  auto r2 = ka.read_response();
  CHECK(status_of(r2) == 200);
  CHECK(header_of(r2, "Connection") == "close");
}

TEST_CASE("pipelined requests are all answered, in order") {
  TestServer s;
  auto raw = s.raw();
  // A slow worker request first: the later (inline) ones must wait for it.
  raw.send(
      "GET /slow?ms=100 HTTP/1.1\r\nHost: x\r\n\r\n"
      "POST /echo/2 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\ntwo"
      "GET /inline/3 HTTP/1.1\r\nHost: x\r\n\r\n");
  auto r1 = raw.read_response();
  auto r2 = raw.read_response();
  auto r3 = raw.read_response();
  REQUIRE(status_of(r1) == 200);
  REQUIRE(status_of(r2) == 200);
  REQUIRE(status_of(r3) == 200);
  CHECK(nlohmann::json::parse(body_of(r1))["slept"] == 100);
  CHECK(nlohmann::json::parse(body_of(r2))["body"] == "two");
  CHECK(nlohmann::json::parse(body_of(r3))["path"] == "/inline/3");
  CHECK(header_of(r1, "X-Request-Id") != header_of(r2, "X-Request-Id"));
  CHECK_FALSE(raw.closed_by_peer(std::chrono::milliseconds(100)));
}

TEST_CASE("many pipelined inline requests in one write") {
  TestServer s;
  auto raw = s.raw();
  std::string batch;
  for (int i = 0; i < 50; ++i) batch += "GET /count HTTP/1.1\r\nHost: x\r\n\r\n";
  raw.send(batch);
  for (int i = 1; i <= 50; ++i) {
    auto r = raw.read_response();
    REQUIRE(status_of(r) == 200);
    REQUIRE(nlohmann::json::parse(body_of(r))["count"] == i);
  }
}

TEST_CASE("inline routes run on an I/O thread, others on workers") {
  TestServer s;
  auto client = s.client();
  REQUIRE(client.get("/inline").status == 200);
  auto io_thread = s.app.last_inline_thread();
  CHECK(io_thread != std::thread::id());
  CHECK(io_thread != std::this_thread::get_id());
}

TEST_CASE("chunked request bodies are decoded") {
  TestServer s;
  auto raw = s.raw();
  raw.send(
      "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nhello\r\n");
  raw.send("6\r\n world\r\n0\r\n\r\n");
  auto r = raw.read_response();
  REQUIRE(status_of(r) == 200);
  CHECK(nlohmann::json::parse(body_of(r))["body"] == "hello world");

  auto client = s.client();
  auto c = client.request("POST", "/echo", "via curl", {"Transfer-Encoding: chunked"});
  REQUIRE(c.status == 200);
  CHECK(c.json()["body"] == "via curl");
}

TEST_CASE("a 512 KiB body arrives whole") {
  TestServer s;
  auto client = s.client();
  std::string body(512 * 1024, 'b');
  for (std::size_t i = 0; i < body.size(); i += 4099) body[i] = static_cast<char>('a' + i % 26);
  auto r = client.request("POST", "/echo", body);
  REQUIRE(r.status == 200);
  CHECK(r.json()["body_size"] == body.size());
  CHECK(r.json()["body"] == body);
  auto big = client.get("/big?n=3000000");
  CHECK(big.status == 200);
  CHECK(big.body.size() == 3000000);
}

TEST_CASE("Expect: 100-continue gets the go-ahead before the body is sent") {
  TestServer s;
  auto raw = s.raw();
  raw.send("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
  auto cont = raw.read_response(std::chrono::seconds(2));
  CHECK(cont == "HTTP/1.1 100 Continue\r\n\r\n");
  raw.send("body");
  auto r = raw.read_response();
  CHECK(status_of(r) == 200);
  CHECK(nlohmann::json::parse(body_of(r))["body"] == "body");

  // curl's own Expect handling: a big POST must not wait for curl's 1 s fallback.
  auto client = s.client();
  std::string body(200 * 1024, 'e');
  auto start = std::chrono::steady_clock::now();
  auto c = client.request("POST", "/echo", body, {"Expect: 100-continue"});
  auto took = std::chrono::steady_clock::now() - start;
  CHECK(c.status == 200);
  CHECK(c.json()["body_size"] == body.size());
  CHECK(took < std::chrono::milliseconds(800));
}

TEST_CASE("the TCP listener serves the same application") {
  TestServer s([](ServerOptions& o) {
    o.tcp_host = "127.0.0.1";
    o.tcp_port = 0;
  });
  REQUIRE(s.server->tcp_port() > 0);
  auto client = HttpClient::tcp(s.server->tcp_port());
  for (int i = 0; i < 5; ++i) {
    auto r = client.get("/echo/tcp?x=1");
    REQUIRE(r.status == 200);
    CHECK(r.json()["peer"]["transport"] == "tcp");
    CHECK(r.json()["peer"]["pid"] == -1);
    CHECK(r.json()["query"]["x"][0] == "1");
  }
  CHECK(client.connections_opened() == 1);
  auto raw = berth::test::RawConnection::tcp(s.server->tcp_port());
  raw.send("GET /count HTTP/1.1\r\nHost: x\r\n\r\nGET /count HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(status_of(raw.read_response()) == 200);
  CHECK(status_of(raw.read_response()) == 200);
}

TEST_CASE("the Unix peer's credentials come from SO_PEERCRED") {
  TestServer s;
  auto client = s.client();
  auto r = client.get("/echo");
  REQUIRE(r.status == 200);
  auto peer = r.json()["peer"];
  CHECK(peer["transport"] == "unix");
  CHECK(peer["pid"] == ::getpid());
  CHECK(peer["uid"] == ::getuid());
  CHECK(peer["gid"] == ::getgid());
}
