#pragma once
// The application the server tests serve, and a fixture that runs a server on a temporary socket.
#include "http/server.h"
#include "support/eventually.h"
#include "support/http_client.h"
#include "support/raw_connection.h"
#include "support/temp_dir.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace berth::http::test {

// Routes:
//   /echo...        method, target, path, query, body, peer and a few headers as JSON (worker)
//   /inline...      like /echo, but handled on the I/O thread
//   /slow?ms=N      sleeps N ms on a worker, then answers {"slept": N}
//   /count          counts its calls
//   /status/N       an empty response with status N
//   /framing        sets Content-Length, Transfer-Encoding and Connection itself (must be dropped)
//   /big?n=N        N bytes of 'x'
//   anything else   404 JSON
class TestApp : public Application {
 public:
  struct Rejection {
    int status = 0;
    std::string message;
    std::string target;
    std::string request_id;
  };

  std::unique_ptr<Dispatch> new_dispatch() override;
  void rejected(const Request& request, const Response& response) noexcept override;

  std::vector<Rejection> rejections() const;
  int count() const { return count_.load(); }
  int slow_started() const { return slow_started_.load(); }
  std::thread::id last_inline_thread() const;
  ~TestApp();  // joins the threads that answer deferred requests

 private:
  class TestDispatch;
  static bool runs_inline(const Request& request) noexcept;
  Response handle(Request& request, Deferral& later) noexcept;

  std::atomic<int> count_{0};
  std::atomic<int> slow_started_{0};
  mutable std::mutex mu_;
  std::vector<Rejection> rejections_;
  std::thread::id inline_thread_;
  std::vector<std::thread> deferred_;
};

struct TestServer {
  explicit TestServer(const std::function<void(ServerOptions&)>& tweak = {});
  ~TestServer();

  std::string socket() const { return options.socket_path; }
  berth::test::HttpClient client() const { return berth::test::HttpClient::unix_socket(socket()); }
  berth::test::RawConnection raw() const {
    return berth::test::RawConnection::unix_socket(socket());
  }

  berth::test::TempDir dir;
  TestApp app;
  ServerOptions options;
  std::unique_ptr<Server> server;
};

using berth::test::eventually;

}  // namespace berth::http::test
