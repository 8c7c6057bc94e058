// isolation: process (issue 19) through the real binary on its Unix socket: a plugin's crash
// (a signal, an abort, std::terminate on its own thread, an exit, a hung handler) answers its
// requests 503, restarts its child and leaves every other plugin serving; acknowledged writes
// survive a kill -9 of the child; the host's shutdown leaves no process behind.
#include "berth_host.h"

#include "support/eventually.h"

#include <doctest/doctest.h>

#include <signal.h>
#include <sys/stat.h>

#include <atomic>
#include <set>
#include <thread>

using namespace berth::test;
using nlohmann::json;

namespace {

// A sanitizer's runtime catches SIGSEGV itself and exits with a status of its own, and its shadow
// memory does not fit under an address-space limit.
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

std::string crashy(const std::string& isolation = "process") {
  return "  - name: crashy\n    isolation: " + isolation + "\n";
}

json plugin_status(HttpClient& client, const std::string& name) {
  auto r = client.get("/_berth/plugins");
  REQUIRE(r.status == 200);
  const json all = r.json();
  for (const auto& p : all["plugins"])
    if (p["name"] == name) return p;
  FAIL("no plugin " << name);
  return {};
}

bool process_exists(int pid) {
  struct stat st {};
  return ::stat(("/proc/" + std::to_string(pid)).c_str(), &st) == 0;
}

// Until the child answers again (it restarts after a back-off).
void await_serving(HttpClient& client, const std::string& target = "/crashy/ok") {
  REQUIRE(eventually([&] { return client.get(target).status == 200; }));
}

void check_crash_answer(const HttpResult& r, const std::string& message) {
  CHECK_MESSAGE(r.status == 503, r.body);
  const json body = r.json();
  CHECK(body["message"] == message);
  CHECK(body["request_id"].is_string());
  CHECK(!body["request_id"].get<std::string>().empty());
}

}  // namespace

TEST_CASE("isolation: an isolated plugin serves its routes from a child process") {
  BerthHost host({.plugins_yaml = crashy()});
  auto client = host.client();
  auto r = client.get("/crashy/ok?q=a%20b");
  REQUIRE_MESSAGE(r.status == 200, r.body);
  const int child = r.json()["pid"];
  CHECK(child != host.process().pid());
  CHECK(r.json()["query"] == "a b");

  // The body, the path and the plugin's headers and status cross both ways byte for byte.
  std::string bytes("\0\xff\x01 not utf-8 \xc3", 15);
  auto echo =
      client.request("POST", "/crashy/echo", bytes, {"Content-Type: application/octet-stream"});
  CHECK(echo.status == 201);
  CHECK(echo.body == bytes);
  CHECK(echo.header("X-Path") == "/crashy/echo");

  json status = plugin_status(client, "crashy");
  CHECK(status["isolation"] == "process");
  CHECK(status["status"] == "running");
  CHECK(status["child"]["pid"] == child);
  CHECK(status["child"]["state"] == "running");
  CHECK(status["child"]["crashes"] == 0);
  // The child's log lines reach the host's log, tagged with the plugin.
  auto lines = await_log_lines(host.process(), "crashy registered", 1);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0]["plugin"] == "crashy");
}

TEST_CASE("isolation: in-process stays the default") {
  BerthHost host({.plugins_yaml = "  - name: crashy\n"});
  auto client = host.client();
  auto r = client.get("/crashy/ok");
  REQUIRE(r.status == 200);
  CHECK(r.json()["pid"] == host.process().pid());
  json status = plugin_status(client, "crashy");
  CHECK(status["isolation"] == "in-process");
  CHECK(!status.contains("child"));
}

TEST_CASE("isolation: each way of crashing is a 503 naming it, then a restarted child") {
  BerthHost host({.plugins_yaml = crashy()});
  auto client = host.client();
  struct Crash {
    std::string route, what, stderr_line;
  };
  const std::vector<Crash> crashes = {
      {"/crashy/segv", "crashed (SIGSEGV)", "crashy: dereferencing null"},
      {"/crashy/abort", "crashed (SIGABRT)", "crashy: aborting"},
      {"/crashy/thread-throw", "crashed (SIGABRT)", "terminate called after throwing"},
      {"/crashy/exit", "exited with status 3", ""},
  };
  int expected_crashes = 0;
  for (const auto& crash : crashes) {
    CAPTURE(crash.route);
    const int before = client.get("/crashy/ok").json()["pid"];
    const bool caught_by_sanitizer = kSanitized && crash.route == "/crashy/segv";
    auto answer = client.get(crash.route);
    if (caught_by_sanitizer)
      CHECK(answer.status == 503);
    else
      check_crash_answer(answer, "plugin 'crashy' " + crash.what + "; restarting");
    ++expected_crashes;
    await_serving(client);
    const int after = client.get("/crashy/ok").json()["pid"];
    CHECK(after != before);
    CHECK(!process_exists(before));
    json child = plugin_status(client, "crashy")["child"];
    CHECK(child["crashes"] == expected_crashes);
    CHECK(child["restarts"] == expected_crashes);
    if (caught_by_sanitizer) continue;
    CHECK(child["last_crash"] == crash.what);
    if (crash.what.find("SIG") != std::string::npos)
      CHECK(child["last_signal"] == crash.what.substr(9, crash.what.size() - 10));
    if (!crash.stderr_line.empty()) {
      bool found = false;
      for (const auto& line : child["stderr"])
        found = found || line.get<std::string>().find(crash.stderr_line) != std::string::npos;
      CHECK_MESSAGE(found, child["stderr"].dump());
    }
  }
}

TEST_CASE("isolation: a handler past the deadline is killed by the watchdog") {
  BerthHost host(
      {.plugins_yaml = "  - name: crashy\n    isolation: {mode: process, deadline: 300ms}\n"});
  auto client = host.client();
  const auto start = std::chrono::steady_clock::now();
  check_crash_answer(client.get("/crashy/hang"),
                     "plugin 'crashy' was killed by the watchdog (no answer within 300 ms); "
                     "restarting");
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  await_serving(client);
  json child = plugin_status(client, "crashy")["child"];
  CHECK(child["crashes"] == 1);
  CHECK(child["last_signal"] == "SIGKILL");
}

TEST_CASE("isolation: after max_crashes within the window the plugin stays failed") {
  BerthHost host({.plugins_yaml =
                      "  - name: crashy\n    isolation: {mode: process, max_crashes: 3, "
                      "crash_window: 1m}\n"});
  auto client = host.client();
  for (int i = 0; i < 3; ++i) {
    await_serving(client);
    CHECK(client.get("/crashy/abort").status == 503);
  }
  REQUIRE(eventually([&] { return plugin_status(client, "crashy")["status"] == "failed"; }));
  json status = plugin_status(client, "crashy");
  const std::string failure =
      "plugin 'crashy' crashed (SIGABRT), 3 crashes within 60 s; it stays failed until its "
      "config changes";
  CHECK(status["error"] == failure);
  CHECK(status["child"]["state"] == "failed");
  CHECK(status["child"]["pid"].is_null());
  CHECK(status["child"]["restarts"] == 2);
  const std::string metrics = client.get("/_berth/metrics").body;
  CHECK_MESSAGE(
      metrics.find("berth_plugin_child_crashes_total{plugin=\"crashy\"} 3\n") != std::string::npos,
      metrics);
  CHECK(metrics.find("berth_plugin_child_restarts_total{plugin=\"crashy\"} 2\n") !=
        std::string::npos);
  CHECK(metrics.find("berth_plugin_state{plugin=\"crashy\",state=\"failed\"} 1\n") !=
        std::string::npos);
  // No restart comes: requests keep getting the reason.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  check_crash_answer(client.get("/crashy/ok"), failure);
}

TEST_CASE("isolation: other plugins lose no request while one crashes again and again") {
  BerthHost host(
      {.plugins_yaml =
           "  - name: crashy\n    isolation: {mode: process, max_crashes: "
           "1000}\n  - name: hello\n    mount: /\n  - name: notes\n    isolation: process\n"});
  std::atomic<bool> stop{false};
  std::atomic<int> served{0}, failed{0}, crashes{0};
  std::mutex mutex;
  std::string first_failure;
  std::vector<std::thread> load;
  for (int t = 0; t < 4; ++t) {
    load.emplace_back([&, t] {
      auto client = host.client();
      for (int i = 0; !stop; ++i) {
        auto r = (t % 2 == 0) ? client.get("/hello")
                              : client.post_json("/notes", {{"title", "t" + std::to_string(i)}});
        if (r.status == 200 || r.status == 201) {
          ++served;
        } else {
          std::lock_guard lock(mutex);
          if (failed++ == 0) first_failure = std::to_string(r.status) + " " + r.body + r.error;
        }
      }
    });
  }
  {
    auto client = host.client();
    // At least 4 s of load, and at least 5 crashes in it (a sanitizer's build restarts slower).
    const auto start = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() < start + std::chrono::seconds(4) ||
           (crashes < 5 && std::chrono::steady_clock::now() < start + std::chrono::seconds(60))) {
      if (client.get("/crashy/segv").status == 503) ++crashes;
      await_serving(client);
    }
  }
  stop = true;
  for (auto& t : load) t.join();
  MESSAGE("crashes: " << crashes.load() << ", other requests served: " << served.load());
  CHECK(crashes >= 5);
  CHECK(served > 100);
  CHECK_MESSAGE(failed == 0, first_failure);
}

TEST_CASE("isolation: the notes plugin's acknowledged writes survive kill -9 of its child") {
  BerthHost host({.plugins_yaml = "  - name: notes\n    isolation: process\n", .tcp = false});
  std::set<std::string> acknowledged;
  for (int round = 0; round < 3; ++round) {
    std::atomic<bool> stop{false};
    std::mutex mutex;
    std::vector<std::thread> writers;
    std::atomic<int> acked{0};
    for (int t = 0; t < 8; ++t) {
      writers.emplace_back([&, t] {
        auto client = host.client();
        for (int i = 0; !stop; ++i) {
          const std::string title =
              "r" + std::to_string(round) + "-t" + std::to_string(t) + "-" + std::to_string(i);
          auto r = client.post_json("/notes", {{"title", title}, {"body", "of " + title}});
          if (r.status == 201) {
            std::lock_guard lock(mutex);
            acknowledged.insert(title);
            ++acked;
          } else if (r.status != 503) {
            FAIL_CHECK("unexpected status " << r.status << ": " << r.body);
          }
        }
      });
    }
    auto client = host.client();
    REQUIRE(eventually([&] { return acked >= 30; }));
    const int child = plugin_status(client, "notes")["child"]["pid"];
    ::kill(child, SIGKILL);  // mid-stream: writes are in flight
    REQUIRE(eventually([&] {
      json c = plugin_status(client, "notes")["child"];
      return c["crashes"] == round + 1 && c["state"] == "running";
    }));
    stop = true;
    for (auto& w : writers) w.join();
  }
  auto client = host.client();
  std::set<std::string> stored;
  std::string cursor;
  for (;;) {
    auto page = client.get("/notes?limit=200" + (cursor.empty() ? "" : "&cursor=" + cursor));
    REQUIRE(page.status == 200);
    const json body = page.json();
    for (auto& n : body["notes"]) {
      CHECK(n["body"] == "of " + n["title"].get<std::string>());
      stored.insert(n["title"]);
    }
    if (body["next_cursor"].is_null()) break;
    cursor = body["next_cursor"];
  }
  for (const auto& title : acknowledged) CHECK_MESSAGE(stored.count(title) == 1, title);
  CHECK(plugin_status(client, "notes")["child"]["last_signal"] == "SIGKILL");
}

TEST_CASE("isolation: the host's shutdown stops the children, and its death kills them") {
  const std::string plugins =
      crashy() +
      "  - name: notes\n    isolation: process\n  - name: hello\n    isolation: process\n";
  for (int sig : {SIGTERM, SIGKILL}) {
    CAPTURE(sig);
    BerthHost host({.plugins_yaml = plugins});
    auto client = host.client();
    std::vector<int> children;
    for (const char* name : {"crashy", "notes", "hello"}) {
      json child = plugin_status(client, name)["child"];
      REQUIRE(child["pid"].is_number());
      children.push_back(child["pid"]);
    }
    for (int pid : children) CHECK(process_exists(pid));
    host.process().signal(sig);
    REQUIRE(host.process().wait_exit(std::chrono::seconds(10)).has_value());
    // Reaped by the host on SIGTERM; killed by PR_SET_PDEATHSIG (and reaped by init) on SIGKILL.
    for (int pid : children)
      CHECK_MESSAGE(eventually([&] { return !process_exists(pid); }, std::chrono::seconds(5)), pid);
    if (sig == SIGTERM) {
      auto stopped = host.log_lines("plugin stopped");
      REQUIRE(stopped.size() == 3);
      // Reverse start order, as in-process plugins.
      CHECK(stopped[0]["plugin"] == "hello");
      CHECK(stopped[2]["plugin"] == "crashy");
      CHECK(host.log_lines("plugin child did not stop cleanly").empty());
    }
  }
}

TEST_CASE("isolation: a library the host refuses is refused the same way in a child") {
  BerthHost in_process({.plugins_yaml = "  - name: wrong_abi\n"});
  BerthHost isolated({.plugins_yaml = "  - name: wrong_abi\n    isolation: process\n"});
  auto a = in_process.client(), b = isolated.client();
  json expected = plugin_status(a, "wrong_abi");
  json got = plugin_status(b, "wrong_abi");
  CHECK(got["status"] == "failed");
  CHECK(got["error"] == expected["error"]);
}

TEST_CASE("isolation: the config key is checked") {
  TempDir dir("berth-isolation-config");
  write_file(dir / "berth.yaml", "plugins:\n  - name: hello\n    isolation: separate\n");
  auto r = run_command({berth_binary(), "--config", (dir / "berth.yaml").string(), "--check"});
  CHECK(r.exit_code != 0);
  CHECK_MESSAGE(r.output.find("plugins[0].isolation") != std::string::npos, r.output);
  CHECK_MESSAGE(r.output.find("process") != std::string::npos, r.output);
}

TEST_CASE("isolation: a config change reaches on_config in the child, and revives a failed one") {
  auto plugins = [](const std::string& greeting, const std::string& crashy_config) {
    return "  - name: hello\n    mount: /\n    isolation: process\n    config: {greeting: " +
           greeting +
           "}\n  - name: crashy\n    isolation: {mode: process, max_crashes: 2}\n    config: " +
           crashy_config + "\n";
  };
  HostOptions options{.plugins_yaml = plugins("hi", "{round: 1}")};
  BerthHost host(options);
  auto client = host.client();
  CHECK(client.get("/hello").json()["message"] == "hi");
  for (int i = 0; i < 2; ++i) {
    await_serving(client);
    CHECK(client.get("/crashy/segv").status == 503);
  }
  REQUIRE(eventually([&] { return plugin_status(client, "crashy")["status"] == "failed"; }));
  const int hello_child = plugin_status(client, "hello")["child"]["pid"];

  options.plugins_yaml = plugins("ahoy", "{round: 2}");
  write_file(host.dir() / "berth.yaml", host_config(host.dir(), options));
  host.process().signal(SIGHUP);
  REQUIRE(eventually([&] { return client.get("/hello").json()["message"] == "ahoy"; }));
  // Applied by the running child's on_config, not by a new child.
  CHECK(plugin_status(client, "hello")["child"]["pid"] == hello_child);
  await_serving(client);
  json crashy_status = plugin_status(client, "crashy");
  CAPTURE(crashy_status.dump());
  CHECK(crashy_status["status"] == "running");
  CHECK(crashy_status["error"].is_null());
  CHECK(crashy_status["child"]["state"] == "running");
}

TEST_CASE("isolation: a plugin with jobs fails to start isolated, saying why") {
  BerthHost host({.plugins_yaml = "  - name: jobs\n    isolation: process\n"});
  auto client = host.client();
  json status = plugin_status(client, "jobs");
  CHECK(status["status"] == "failed");
  CHECK_MESSAGE(status["error"].get<std::string>().find(
                    "isolation: process does not run tasks or jobs yet") != std::string::npos,
                status["error"]);
  // Its child is gone with the failed registration.
  CHECK(!status.contains("child"));
}

TEST_CASE("isolation: the child's memory and open files are limited" * doctest::skip(kSanitized)) {
  BerthHost host({.plugins_yaml = "  - name: crashy\n    isolation: {mode: process, memory: 1GiB, "
                                  "open_files: 64}\n  - name: hello\n    mount: /\n"});
  auto client = host.client();
  const int child = client.get("/crashy/ok").json()["pid"];
  // The allocation that passes the limit fails in the plugin: a 500, and the child lives on.
  auto r = client.get("/crashy/allocate");
  CHECK_MESSAGE(r.status == 500, r.body);
  CHECK(r.json()["message"] == "internal error in plugin 'crashy'");
  auto opened = client.get("/crashy/open-files");
  REQUIRE(opened.status == 200);
  CHECK(opened.json()["opened"].get<int>() < 64);
  CHECK(client.get("/crashy/ok").json()["pid"] == child);
  CHECK(client.get("/hello").status == 200);
  json status = plugin_status(client, "crashy");
  CHECK(status["child"]["crashes"] == 0);
  CHECK(status["child"]["memory_limit"] == 1024 * 1024 * 1024);
  CHECK(status["child"]["open_files_limit"] == 64);
}

TEST_CASE("isolation: a reload replaces an isolated plugin's child without a failed request") {
  // notes has no on_config: a changed section re-registers it, in a new child beside the old.
  auto plugins = [](int max_title) {
    return "  - name: notes\n    isolation: process\n    config: {max_title: " +
           std::to_string(max_title) + "}\n";
  };
  HostOptions options{.plugins_yaml = plugins(100)};
  BerthHost host(options);
  auto client = host.client();
  const int first = plugin_status(client, "notes")["child"]["pid"];
  std::atomic<bool> stop{false};
  std::atomic<int> created{0}, failed{0};
  std::mutex mutex;
  std::string first_failure;
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t)
    writers.emplace_back([&, t] {
      auto c = host.client();
      for (int i = 0; !stop; ++i) {
        auto r =
            c.post_json("/notes", {{"title", "w" + std::to_string(t) + "-" + std::to_string(i)}});
        if (r.status == 201) {
          ++created;
        } else if (failed++ == 0) {
          std::lock_guard lock(mutex);
          first_failure = std::to_string(r.status) + " " + r.body + r.error;
        }
      }
    });
  REQUIRE(eventually([&] { return created >= 20; }));
  options.plugins_yaml = plugins(5);
  write_file(host.dir() / "berth.yaml", host_config(host.dir(), options));
  host.process().signal(SIGHUP);
  REQUIRE(eventually([&] {
    json child = plugin_status(client, "notes")["child"];
    return child["pid"].is_number() && child["pid"] != first;
  }));
  stop = true;
  for (auto& w : writers) w.join();
  CHECK_MESSAGE(failed == 0, first_failure);
  // The old one drains its requests, runs its stop hooks and exits.
  CHECK(eventually([&] { return !process_exists(first); }, std::chrono::seconds(10)));
  // The new child has the new section.
  CHECK(client.post_json("/notes", {{"title", "too long"}}).status == 400);
  CHECK(client.get("/notes?limit=1").status == 200);
}
