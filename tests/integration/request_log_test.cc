// The request log against the real binary: a stdout nobody reads never stalls a request (lines are
// dropped, then counted once it drains), log.requests all | errors | off, and the fields.
#include "berth_host.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace berth::test;
using namespace std::chrono_literals;

namespace {

const char* kHello = "  - name: hello\n    mount: /\n";

// Request lines of the plugin's routes: the host's own readiness polls are logged too.
std::vector<nlohmann::json> plugin_requests(const std::string& log) {
  std::vector<nlohmann::json> lines;
  for (auto& line : log_lines_of(log, "request"))
    if (!line.value("uri", "").starts_with("/_berth/")) lines.push_back(std::move(line));
  return lines;
}

}  // namespace

TEST_CASE("the shipped default logs every request with all its fields") {
  BerthHost host({.plugins_yaml = kHello, .tcp = false});
  auto client = host.client();
  REQUIRE(client.get("/hello").status == 200);
  REQUIRE(client.get("/missing").status == 404);
  std::vector<nlohmann::json> lines;
  for (int i = 0; i < 100 && lines.size() < 2; ++i) {
    std::this_thread::sleep_for(20ms);
    lines = plugin_requests(host.log());
  }
  REQUIRE(lines.size() == 2);
  const auto& ok = lines[0];
  for (const char* key :
       {"time", "level", "id", "remote_ip", "host", "method", "uri", "user_agent", "status",
        "error", "latency", "latency_human", "bytes_in", "bytes_out", "plugin"})
    CHECK_MESSAGE(ok.contains(key), key);
  CHECK(ok["uri"] == "/hello");
  CHECK(ok["method"] == "GET");
  CHECK(ok["status"] == 200);
  CHECK(ok["plugin"] == "hello");
  CHECK(ok["level"] == "info");
  CHECK(ok["bytes_out"].get<int>() > 0);
  CHECK(ok["remote_ip"].get<std::string>().starts_with("unix:pid="));
  CHECK(lines[1]["status"] == 404);
}

TEST_CASE("request lines from many connections at once reach stdout whole, once, in order each") {
  BerthHost host({.plugins_yaml = kHello, .tcp = false});
  constexpr int kClients = 4, kRequests = 300;
  std::atomic<int> ok{0}, connections{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c)
    clients.emplace_back([&, c] {
      auto client = host.client();  // one connection: one I/O thread, whose lines keep order
      for (int i = 0; i < kRequests; ++i)
        ok += client.get("/hello?c=" + std::to_string(c) + "&i=" + std::to_string(i)).status == 200;
      connections += static_cast<int>(client.connections_opened());
    });
  for (auto& t : clients) t.join();
  CHECK(ok == kClients * kRequests);
  REQUIRE(connections == kClients);
  std::vector<nlohmann::json> lines;
  for (int i = 0; i < 250 && lines.size() < kClients * kRequests; ++i) {
    std::this_thread::sleep_for(20ms);
    lines = plugin_requests(host.log());
  }
  REQUIRE(lines.size() == kClients * kRequests);  // none dropped: stdout is a file
  std::vector<int> next(kClients, 0);
  for (const auto& line : lines) {
    const std::string uri = line["uri"];
    int c = -1, i = -1;
    REQUIRE(std::sscanf(uri.c_str(), "/hello?c=%d&i=%d", &c, &i) == 2);
    REQUIRE((c >= 0 && c < kClients));
    CHECK(i == next[c]);  // each once, in the order the connection sent them
    next[c] = i + 1;
  }
  // No line torn or run into another: every request line on stdout is one JSON object.
  std::istringstream log(host.log());
  for (std::string text; std::getline(log, text);)
    if (text.find(R"("msg":"request")") != std::string::npos)
      CHECK(nlohmann::json::parse(text, nullptr, false).is_object());
}

TEST_CASE("log.requests: errors logs a 404 but not a 200; off logs none") {
  BerthHost errors({.plugins_yaml = kHello, .tcp = false, .log_yaml = "  requests: errors\n"});
  BerthHost off({.plugins_yaml = kHello, .tcp = false, .log_yaml = "  requests: off\n"});
  for (BerthHost* host : {&errors, &off}) {
    auto client = host->client();
    for (int i = 0; i < 5; ++i) REQUIRE(client.get("/hello").status == 200);
    REQUIRE(client.get("/missing").status == 404);
  }
  std::vector<nlohmann::json> lines;
  for (int i = 0; i < 100 && lines.empty(); ++i) {
    std::this_thread::sleep_for(20ms);
    lines = plugin_requests(errors.log());
  }
  std::this_thread::sleep_for(200ms);  // anything more would have come by now
  lines = plugin_requests(errors.log());
  REQUIRE(lines.size() == 1);
  CHECK(lines[0]["status"] == 404);
  CHECK(log_lines_of(off.log(), "request").empty());
  CHECK(off.log().find("\"msg\":\"ready\"") != std::string::npos);  // the log itself works
}

TEST_CASE("a stdout nobody reads never stalls requests; the drop count comes once it drains") {
  TempDir dir("reqlog-pipe");
  const auto fifo = dir / "stdout.fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  // Held open for reading (so berth's open does not wait for a reader), but not read yet.
  const int reader = ::open(fifo.c_str(), O_RDWR | O_CLOEXEC);
  REQUIRE(reader >= 0);
  HostOptions options{.plugins_yaml = kHello, .tcp = false};
  write_file(dir / "berth.yaml", host_config(dir, options));
  BerthProcess berth({"--config", (dir / "berth.yaml").string()}, fifo);
  const std::string socket = (dir / "backend.sock").string();
  REQUIRE(wait_for_status(socket, "/_berth/ready", 200));

  auto client = HttpClient::unix_socket(socket);
  const auto start = std::chrono::steady_clock::now();
  int ok = 0;
  for (int i = 0; i < 2000; ++i)
    ok += client.get("/hello?padding=" + std::string(200, 'p')).status == 200;
  const auto took = std::chrono::steady_clock::now() - start;
  CHECK(ok == 2000);  // ~600 KB of lines into a 64 KiB pipe: most were dropped, none waited
  CHECK(took < 10s);

  // Now read: the queue drains, and one notice counts what was lost.
  std::string out;
  const int flags = ::fcntl(reader, F_GETFL);
  ::fcntl(reader, F_SETFL, flags | O_NONBLOCK);
  nlohmann::json notice;
  for (int i = 0; i < 300 && notice.is_null(); ++i) {
    char buf[65536];
    for (ssize_t n; (n = ::read(reader, buf, sizeof buf)) > 0;) out.append(buf, n);
    for (const auto& line : log_lines_of(out, "dropped log lines while stdout was blocked"))
      notice = line;
    if (notice.is_null()) std::this_thread::sleep_for(10ms);
  }
  REQUIRE_FALSE(notice.is_null());
  CHECK(notice["level"] == "warn");
  CHECK(notice["dropped"].get<std::uint64_t>() > 0);
  CHECK(plugin_requests(out).size() + notice["dropped"].get<std::size_t>() <= 2000);
  ::close(reader);
}
