// What a frontend does through ddClient.extension.vm.service: every method, parameters, JSON in
// and out, and the error shapes, against the real binary over the Unix socket.
#include "berth_host.h"

#include <berth/version.h>

#include <doctest/doctest.h>

#include <thread>

using namespace berth::test;

namespace {

const char* kPlugins =
    "  - name: hello\n"
    "    mount: /\n"
    "  - name: good\n"
    "    config: {answer: 42, nested: {list: [1, two]}}\n";

BerthHost& routes_host() {
  static BerthHost h(HostOptions{.plugins_yaml = kPlugins});
  return h;
}

}  // namespace

TEST_CASE("GET /hello reaches the hello plugin mounted at /") {
  auto c = routes_host().client();
  auto r = c.get("/hello");
  CHECK(r.status == 200);
  CHECK(r.header("Content-Type") == "application/json");
  CHECK(r.json() == nlohmann::json{{"message", "hello"}});
  CHECK(c.get("/hello/ada").json()["message"] == "hello, ada");
  auto echo = c.post_json("/hello/echo", {{"a", 1}, {"b", {true, nullptr}}});
  CHECK(echo.status == 200);
  CHECK(echo.json() == nlohmann::json{{"a", 1}, {"b", {true, nullptr}}});
}

TEST_CASE("every method reaches its handler with path and query parameters") {
  auto c = routes_host().client();
  auto get = c.get("/good/items/7?color=red%20blue&size=L&empty=");
  CHECK(get.status == 200);
  CHECK(get.json() ==
        nlohmann::json{{"id", "7"},
                       {"query", {{"color", "red blue"}, {"size", "L"}, {"empty", ""}}}});
  CHECK(c.get("/good/items/a%20b/tags/x").json() == nlohmann::json{{"id", "a b"}, {"tag", "x"}});

  auto post = c.post_json("/good/items", {{"name", "lamp"}});
  CHECK(post.status == 201);
  CHECK(post.header("Location") == "/good/items/1");
  CHECK(post.json()["created"] == "lamp");

  auto put = c.request("PUT", "/good/items/3", R"({"x":1})", {"Content-Type: application/json"});
  CHECK(put.json() == nlohmann::json{{"method", "PUT"}, {"id", "3"}, {"body", {{"x", 1}}}});
  auto patch =
      c.request("PATCH", "/good/items/3", R"({"y":2})", {"Content-Type: application/json"});
  CHECK(patch.json() == nlohmann::json{{"method", "PATCH"}, {"id", "3"}, {"body", {{"y", 2}}}});
  auto del = c.request("DELETE", "/good/items/3");
  CHECK(del.status == 204);
  CHECK(del.body.empty());

  auto head = c.request("HEAD", "/good/items/7");
  CHECK(head.status == 200);
  CHECK(head.body.empty());
  CHECK(head.header("Content-Length") == std::to_string(c.get("/good/items/7").body.size()));
}

TEST_CASE("text responses, custom status, headers and the plugin's config") {
  auto c = routes_host().client();
  auto text = c.get("/good/text");
  CHECK(text.body == "plain words");
  CHECK(text.header("Content-Type") == "text/plain; charset=utf-8");
  CHECK(text.header("X-Custom") == "yes");
  auto teapot = c.get("/good/teapot");
  CHECK(teapot.status == 418);
  CHECK(teapot.json() == nlohmann::json{{"message", "I'm a teapot"}, {"hint", "try coffee"}});
  CHECK(c.request("GET", "/good/headers", "", {"X-Test: abc"}).json()["x_test"] == "abc");
  CHECK(c.get("/good/config").json() ==
        nlohmann::json{{"answer", 42}, {"nested", {{"list", {1, "two"}}}}});
}

TEST_CASE("errors are JSON with a message: 400, 404, 405") {
  auto c = routes_host().client();
  auto bad_json = c.request("POST", "/good/items", "{not json", {"Content-Type: application/json"});
  CHECK(bad_json.status == 400);
  CHECK(bad_json.json()["message"].get<std::string>().rfind("invalid JSON body: ", 0) == 0);
  auto missing = c.post_json("/good/items", {{"other", 1}});
  CHECK(missing.status == 400);
  CHECK(missing.json() ==
        nlohmann::json{{"message", "field 'name' is required"}, {"field", "name"}});

  auto not_found = c.get("/nothing/here");
  CHECK(not_found.status == 404);
  CHECK(not_found.json()["message"] == "no route for GET /nothing/here");

  auto not_allowed = c.request("POST", "/hello");
  CHECK(not_allowed.status == 405);
  CHECK(not_allowed.header("Allow") == "GET, HEAD");
  CHECK(not_allowed.json()["message"] == "method POST is not allowed on /hello");
}

TEST_CASE("an exception in a handler is a 500 with a request id; the host serves on") {
  auto c = routes_host().client();
  auto r = c.get("/good/throws");
  CHECK(r.status == 500);
  auto body = r.json();
  CHECK(body["message"] == "internal error in plugin 'good'");
  std::string id = body["request_id"];
  CHECK(r.header("X-Request-Id") == id);
  CHECK(c.get("/hello").status == 200);
  bool logged = false;
  for (int i = 0; i < 100 && !logged; ++i) {
    for (const auto& line : routes_host().log_lines("handler threw"))
      logged |= line["request_id"] == id &&
                line["error"] == "std::runtime_error: something broke inside the plugin" &&
                line["plugin"] == "good";
    if (!logged) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK(logged);
  auto plugins = c.get("/_berth/plugins").json()["plugins"];
  for (const auto& p : plugins)
    if (p["name"] == "good") CHECK(p["exceptions"].get<int>() >= 1);
}

TEST_CASE("the log of a handler's exception names its type, not only its what()") {
  auto c = routes_host().client();
  auto r = c.get("/good/bad-number");  // std::stoll("abc"): std::invalid_argument, what() "stoll"
  CHECK(r.status == 500);
  std::string id = r.json()["request_id"];
  std::string error;
  for (int i = 0; i < 100 && error.empty(); ++i) {
    for (const auto& line : routes_host().log_lines("handler threw"))
      if (line["request_id"] == id) error = line["error"];
    if (error.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK(error.find("std::invalid_argument") != std::string::npos);
  CHECK(error.find("stoll") != std::string::npos);
  CHECK(error == "std::invalid_argument: stoll");
}

TEST_CASE("every request is logged as a JSON line with the Go backend's fields") {
  auto c = routes_host().client();
  auto r = c.request("GET", "/hello/logged", "", {"User-Agent: doctest"});
  std::string id = *r.header("X-Request-Id");
  nlohmann::json found;
  for (int i = 0; i < 100 && found.is_null(); ++i) {
    for (const auto& line : routes_host().log_lines("request"))
      if (line["id"] == id) found = line;
    if (found.is_null()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  REQUIRE(found.is_object());
  CHECK(found["method"] == "GET");
  CHECK(found["uri"] == "/hello/logged");
  CHECK(found["status"] == 200);
  CHECK(found["plugin"] == "hello");
  CHECK(found["user_agent"] == "doctest");
  CHECK(found["level"] == "info");
  for (const char* key :
       {"time", "remote_ip", "host", "error", "latency", "latency_human", "bytes_in", "bytes_out"})
    CHECK(found.contains(key));
}

TEST_CASE("the TCP listener serves the same routes") {
  auto c = HttpClient::tcp(routes_host().tcp_port());
  CHECK(c.get("/hello").json()["message"] == "hello");
  CHECK(c.get("/good/headers").json()["peer"] == "tcp");
}

TEST_CASE("the Unix socket peer is known by SO_PEERCRED") {
  auto r = routes_host().client().get("/good/headers").json();
  CHECK(r["peer"] == "unix");
  CHECK(r["pid"] == getpid());
}

TEST_CASE("built-in routes: health, ready, plugins, version") {
  auto c = routes_host().client();
  CHECK(c.get("/_berth/health").json() == nlohmann::json{{"status", "ok"}});
  CHECK(c.get("/_berth/ready").json() == nlohmann::json{{"ready", true}});
  auto plugins = c.get("/_berth/plugins").json()["plugins"];
  REQUIRE(plugins.size() == 2);
  CHECK(plugins[0]["name"] == "hello");
  CHECK(plugins[0]["status"] == "running");
  CHECK(plugins[0]["mount"] == "/");
  CHECK(plugins[1]["version"] == "2.3.4");
  CHECK(plugins[1]["error"].is_null());
  CHECK(c.get("/_berth/version").json()["abi"] == BERTH_ABI_VERSION);
}
