#include "test_app.h"

#include "log/logger.h"

#include <nlohmann/json.hpp>

namespace berth::http::test {
namespace {

nlohmann::json describe(const Request& request) {
  nlohmann::json query = nlohmann::json::object();
  for (const auto& [k, v] : request.query) query[k].push_back(v);
  nlohmann::json headers = nlohmann::json::object();
  for (const auto& [k, v] : request.headers) headers[k] = v;
  return {{"method", std::string(to_string(request.method))},
          {"target", request.target},
          {"path", request.path},
          {"query", query},
          {"params", request.params},
          {"body", request.body},
          {"body_size", request.body.size()},
          {"headers", headers},
          {"request_id", request.request_id},
          {"peer",
           {{"transport", request.peer.transport},
            {"pid", request.peer.pid},
            {"uid", request.peer.uid},
            {"gid", request.peer.gid}}}};
}

bool starts_with(const std::string& s, const char* prefix) {
  return s.rfind(prefix, 0) == 0;
}

}  // namespace

// Looks nothing up: the path alone says where a request runs and what answers it.
class TestApp::TestDispatch final : public Dispatch {
 public:
  explicit TestDispatch(TestApp& app) : app_(app) {}
  bool prepare(Request& request) noexcept override { return runs_inline(request); }
  Response run(Request& request, Deferral& later) noexcept override {
    return app_.handle(request, later);
  }
  void clear() noexcept override {}

 private:
  TestApp& app_;
};

std::unique_ptr<Dispatch> TestApp::new_dispatch() {
  return std::make_unique<TestDispatch>(*this);
}

Response TestApp::handle(Request& request, Deferral& later) noexcept {
  const std::string& path = request.path;
  if (starts_with(path, "/deferred") || starts_with(path, "/inline-deferred")) {
    // Answered later from another thread, as a long poll is: no thread waits meanwhile.
    int ms = std::stoi(request.query_param("ms").value_or("100"));
    std::string target = request.target;
    std::lock_guard lock(mu_);
    deferred_.emplace_back([respond = later.take(), ms, target] {
      std::this_thread::sleep_for(std::chrono::milliseconds(ms));
      respond(Response::json({{"deferred", target}}));
    });
    return Response::error_json(500, "ignored: the deferral was taken");
  }
  if (starts_with(path, "/echo")) return Response::json(describe(request));
  if (starts_with(path, "/inline")) {
    {
      std::lock_guard lock(mu_);
      inline_thread_ = std::this_thread::get_id();
    }
    auto body = describe(request);
    body["inline"] = true;
    return Response::json(body);
  }
  if (path == "/slow") {
    int ms = std::stoi(request.query_param("ms").value_or("200"));
    ++slow_started_;
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    return Response::json({{"slept", ms}});
  }
  if (path == "/count") return Response::json({{"count", ++count_}});
  if (starts_with(path, "/status/")) return Response::empty(std::stoi(path.substr(8)));
  if (path == "/framing") {
    Response r = Response::text("four");
    r.headers.add("Content-Length", "999");
    r.headers.add("Transfer-Encoding", "chunked");
    r.headers.add("Connection", "close");
    r.headers.add("X-Custom", "yes");
    return r;
  }
  if (path == "/big") {
    auto n = std::stoul(request.query_param("n").value_or("0"));
    return Response::text(std::string(n, 'x'));
  }
  return Response::error_json(404, "no route for " + path);
}

bool TestApp::runs_inline(const Request& request) noexcept {
  return starts_with(request.path, "/inline") || request.path == "/count";
}

TestApp::~TestApp() {
  for (auto& t : deferred_) t.join();
}

void TestApp::rejected(const Request& request, const Response& response) noexcept {
  std::lock_guard lock(mu_);
  rejections_.push_back({response.status, response.error, request.target, request.request_id});
}

std::vector<TestApp::Rejection> TestApp::rejections() const {
  std::lock_guard lock(mu_);
  return rejections_;
}

std::thread::id TestApp::last_inline_thread() const {
  std::lock_guard lock(mu_);
  return inline_thread_;
}

TestServer::TestServer(const std::function<void(ServerOptions&)>& tweak) : dir("berth-http") {
  berth::log::set_level(berth::LogLevel::warn);  // no "stopped" line per test case
  options.socket_path = (dir / "run" / "backend.sock").string();
  options.io_threads = 2;
  options.worker_threads = 4;
  if (tweak) tweak(options);
  server = std::make_unique<Server>(options, app);
  server->start();
}

TestServer::~TestServer() {
  server->stop();
}

}  // namespace berth::http::test
