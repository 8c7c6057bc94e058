// HTTP/1.1 as clients expect it, through the real binary (Pistache 0.0.5's faults fixed).
#include "berth_host.h"
#include "support/raw_connection.h"

#include <doctest/doctest.h>

using namespace berth::test;

namespace {

BerthHost& behaviour_host() {
  static BerthHost h(HostOptions{.plugins_yaml = "  - name: hello\n    mount: /\n"
                                                 "  - name: good\n",
                                 .server_yaml = "  max_request_bytes: 64KiB\n"});
  return h;
}

}  // namespace

TEST_CASE("one connection carries many requests when the client sends no Connection header") {
  auto c = behaviour_host().client();
  for (int i = 0; i < 50; ++i) {
    auto r = c.get("/hello");
    REQUIRE(r.status == 200);
    CHECK_FALSE(r.header("Connection") == std::optional<std::string>("close"));
  }
  CHECK(c.connections_opened() == 1);
}

TEST_CASE("a malformed request gets a 400 JSON answer at once") {
  auto raw = RawConnection::unix_socket(behaviour_host().socket());
  raw.send("GARBAGE\r\n\r\n");
  auto response = raw.read_response(std::chrono::seconds(2));
  CHECK(status_of(response) == 400);
  CHECK(nlohmann::json::parse(body_of(response)).contains("message"));
}

TEST_CASE("Content-Length that is not a number is a 400") {
  auto raw = RawConnection::unix_socket(behaviour_host().socket());
  raw.send("POST /hello/echo HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}");
  CHECK(status_of(raw.read_response(std::chrono::seconds(2))) == 400);
}

TEST_CASE("a body over max_request_bytes is a 413") {
  auto c = behaviour_host().client();
  std::string big(70 * 1024, 'x');
  auto r = c.request("POST", "/hello/echo", "\"" + big + "\"", {"Content-Type: application/json"});
  CHECK(r.status == 413);
  CHECK(r.json().contains("message"));
  std::string fits(30 * 1024, 'y');
  auto ok = behaviour_host().client().post_json("/hello/echo", {{"s", fits}});
  CHECK(ok.status == 200);
  CHECK(ok.json()["s"] == fits);
}

TEST_CASE("pipelined requests are all answered, in order") {
  auto raw = RawConnection::unix_socket(behaviour_host().socket());
  raw.send(
      "GET /hello/one HTTP/1.1\r\nHost: x\r\n\r\nGET /hello/two HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /hello/three HTTP/1.1\r\nHost: x\r\n\r\n");
  for (const char* name : {"one", "two", "three"}) {
    auto response = raw.read_response();
    REQUIRE(status_of(response) == 200);
    CHECK(nlohmann::json::parse(body_of(response))["message"] == std::string("hello, ") + name);
  }
}

TEST_CASE("HEAD answers headers only, with the GET's Content-Length") {
  auto raw = RawConnection::unix_socket(behaviour_host().socket());
  raw.send("HEAD /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  auto all = raw.read_until_close();
  CHECK(status_of(all) == 200);
  CHECK(header_of(all, "Content-Length") == "19");
  CHECK(all.substr(all.find("\r\n\r\n") + 4).empty());
}
