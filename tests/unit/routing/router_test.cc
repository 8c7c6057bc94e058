#include "routing/router.h"

#include <doctest/doctest.h>

#include <optional>

using namespace berth;
using namespace berth::routing;

namespace {

void add(RouteTable& t, Method m, const std::string& path, RouteHandler h,
         bool non_blocking = false) {
  Route r;
  r.method = m;
  r.pattern = *parse_pattern(path);
  r.owner = "p";
  r.handler = std::move(h);
  r.non_blocking = non_blocking;
  r.stats = std::make_shared<OwnerStats>();
  REQUIRE(t.add({std::move(r)}));
}

// A deferral whose answer lands in `*out`.
http::Deferral deferral(std::optional<Response>* out = nullptr) {
  return http::Deferral([out]() -> http::Responder {
    return [out](Response r) {
      if (out) *out = std::move(r);
    };
  });
}

Response handle(Router& router, Request& req) {
  auto later = deferral();
  return router.handle(req, later);
}

Request request(Method m, const std::string& path) {
  Request r;
  r.method = m;
  r.path = path;
  r.target = path;
  r.request_id = "req-1";
  return r;
}

}  // namespace

TEST_CASE("the router answers 404 and 405 as JSON") {
  RouteTable t;
  Router router(t);
  router.set_request_log(false);
  add(t, Method::get, "/x", [](Request&) noexcept { return Response::json({{"ok", true}}); });
  auto req = request(Method::get, "/nope");
  auto r = handle(router, req);
  CHECK(r.status == 404);
  CHECK(nlohmann::json::parse(r.body)["message"] == "no route for GET /nope");
  req = request(Method::post, "/x");
  r = handle(router, req);
  CHECK(r.status == 405);
  CHECK(r.headers.get("Allow") == "GET, HEAD");
}

TEST_CASE("an unhandled exception becomes a 500 with the request id, and is counted") {
  RouteTable t;
  Router router(t);
  router.set_request_log(false);
  add(t, Method::get, "/boom", [](Request&) noexcept {
    Response r = Response::error_json(500, "internal error");
    r.unhandled_exception = true;
    r.error = "kaboom";
    return r;
  });
  auto req = request(Method::get, "/boom");
  auto r = handle(router, req);
  CHECK(r.status == 500);
  auto body = nlohmann::json::parse(r.body);
  CHECK(body["request_id"] == "req-1");
  CHECK(body["message"] == "internal error in plugin 'p'");
  std::map<std::string, std::string, std::less<>> params;
  auto match = t.match(Method::get, "/boom", params);
  CHECK(match.route->stats->exceptions.load() == 1);
  CHECK(match.route->stats->server_errors.load() == 1);
}

TEST_CASE("non-blocking routes and 404s run inline, blocking routes do not") {
  RouteTable t;
  Router router(t);
  add(
      t, Method::get, "/fast", [](Request&) noexcept { return Response::empty(); }, true);
  add(
      t, Method::get, "/slow", [](Request&) noexcept { return Response::empty(); }, false);
  auto fast = request(Method::get, "/fast");
  auto slow = request(Method::get, "/slow");
  auto missing = request(Method::get, "/missing");
  auto dispatch = router.new_dispatch();
  CHECK(dispatch->prepare(fast));
  dispatch->clear();
  CHECK_FALSE(dispatch->prepare(slow));
  dispatch->clear();
  CHECK(dispatch->prepare(missing));  // a 404 runs no plugin code
}

TEST_CASE("the route a dispatch prepared is the one it runs, with its parameters") {
  RouteTable t;
  Router router(t);
  router.set_request_log(false);
  int calls = 0;
  add(t, Method::get, "/items/:id", [&calls](Request& r) noexcept {
    ++calls;
    return Response::json({{"id", r.param("id")}});
  });
  auto req = request(Method::get, "/items/42");
  auto dispatch = router.new_dispatch();
  CHECK_FALSE(dispatch->prepare(req));
  CHECK(req.params.at("id") == "42");
  // The table changes between the two steps (a plugin reload): the request keeps its route.
  t.remove_owner("p");
  auto later = deferral();
  auto r = dispatch->run(req, later);
  CHECK(r.status == 200);
  CHECK(nlohmann::json::parse(r.body)["id"] == "42");
  CHECK(calls == 1);
  auto again = request(Method::get, "/items/42");
  CHECK(handle(router, again).status == 404);
}

TEST_CASE("a deferred route answers through the responder, later") {
  RouteTable t;
  Router router(t);
  router.set_request_log(false);
  std::function<void(Response)> saved;
  Route r;
  r.method = Method::get;
  r.pattern = *parse_pattern("/wait");
  r.owner = "berth";
  r.deferred = [&saved](Request&, std::function<void(Response)> respond) { saved = respond; };
  REQUIRE(t.add({std::move(r)}));
  std::optional<Response> answer;
  auto later = deferral(&answer);
  auto req = request(Method::get, "/wait");
  router.handle(req, later);
  CHECK(later.taken());
  CHECK_FALSE(answer);
  REQUIRE(saved);
  saved(Response::json({{"done", true}}));
  REQUIRE(answer);
  CHECK(answer->body == R"({"done":true})");
}

TEST_CASE("route metrics: status classes, latency, in flight until a deferred answer comes") {
  RouteTable t;
  Router router(t);
  router.set_request_log(false);
  add(t, Method::get, "/ok", [](Request&) noexcept { return Response::empty(204); });
  add(t, Method::get, "/items/:id", [](Request&) noexcept { return Response::empty(404); });
  std::function<void(Response)> pending;
  Route poll;
  poll.method = Method::get;
  poll.pattern = *parse_pattern("/poll");
  poll.owner = "p";
  poll.deferred = [&pending](Request&, std::function<void(Response)> respond) {
    pending = std::move(respond);
  };
  REQUIRE(t.add({std::move(poll)}));

  for (const char* path : {"/ok", "/ok", "/items/1", "/items/2", "/nope"}) {
    auto req = request(Method::get, path);
    handle(router, req);
  }
  std::optional<Response> answered;
  auto req = request(Method::get, "/poll");
  auto later = deferral(&answered);
  router.handle(req, later);

  auto series = [&t](const std::string& pattern) {
    for (const auto& s : t.series())
      if (s.pattern == pattern) return s.metrics;
    FAIL("no series for " << pattern);
    return std::shared_ptr<RouteMetrics>();
  };
  CHECK(series("/ok")->responses.counts[1].load() == 2);
  CHECK(series("/ok")->latency.snapshot().cumulative.back() == 2);
  CHECK(series("/items/:id")->responses.counts[3].load() == 2);
  CHECK(router.unmatched().counts[3].load() == 1);
  CHECK(series("/poll")->in_flight.load() == 1);
  CHECK(series("/poll")->responses.counts[1].load() == 0);
  REQUIRE(pending);
  pending(Response::empty(200));
  REQUIRE(answered);
  CHECK(series("/poll")->in_flight.load() == 0);
  CHECK(series("/poll")->responses.counts[1].load() == 1);
  CHECK(series("/ok")->in_flight.load() == 0);
}

TEST_CASE(
    "route metrics outlive the route: a re-registration continues them, a refusal adds none") {
  RouteTable t;
  Router router(t);
  router.set_request_log(false);
  add(t, Method::get, "/ok", [](Request&) noexcept { return Response::empty(200); });
  auto req = request(Method::get, "/ok");
  handle(router, req);
  t.remove_owner("p");
  REQUIRE(t.series().size() == 1);  // removed, still counted
  add(t, Method::get, "/ok", [](Request&) noexcept { return Response::empty(200); });
  req = request(Method::get, "/ok");
  handle(router, req);
  REQUIRE(t.series().size() == 1);
  CHECK(t.series()[0].metrics->responses.counts[1].load() == 2);

  // The second route repeats the first: nothing of the registration stays, its metrics neither.
  Route a, b;
  a.method = b.method = Method::get;
  a.pattern = *parse_pattern("/new");
  b.pattern = *parse_pattern("/ok");
  a.owner = b.owner = "q";
  a.handler = b.handler = [](Request&) noexcept { return Response::empty(200); };
  std::vector<Route> routes;
  routes.push_back(std::move(a));
  routes.push_back(std::move(b));
  CHECK_FALSE(t.add(std::move(routes)));
  CHECK(t.series().size() == 1);
}
