// GET /_berth/metrics through the real binary: exact values after a known sequence of requests,
// jobs, writes and reloads, and `promtool check metrics` (Debian's prometheus) accepting the text.
#include "berth_host.h"
#include "support/eventually.h"
#include "support/raw_connection.h"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <signal.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

using namespace berth::test;
using namespace std::chrono_literals;

namespace {

using Labels = std::map<std::string, std::string>;

struct Sample {
  std::string name;
  Labels labels;
  double value = 0;
};

// The text format's sample lines: name{label="value",...} value. Label values may hold \" \\ \n.
std::vector<Sample> parse(const std::string& text) {
  std::vector<Sample> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    Sample s;
    std::size_t i = line.find_first_of("{ ");
    s.name = line.substr(0, i);
    if (line[i] == '{') {
      ++i;
      while (line[i] != '}') {
        const std::size_t eq = line.find('=', i);
        std::string key = line.substr(i, eq - i), value;
        for (i = eq + 2; line[i] != '"'; ++i) {
          if (line[i] == '\\')
            value += line[++i] == 'n' ? '\n' : line[i];
          else
            value += line[i];
        }
        s.labels[key] = value;
        i += line[i + 1] == ',' ? 2 : 1;
      }
      ++i;
    }
    s.value = std::stod(line.substr(i + 1));
    out.push_back(std::move(s));
  }
  return out;
}

class Scrape {
 public:
  explicit Scrape(const std::string& text) : text_(text), samples_(parse(text)) {}
  // The one sample of `name` whose labels include `labels`; fails the test when there is not
  // exactly one.
  double operator()(const std::string& name, const Labels& labels = {}) const {
    const Sample* found = nullptr;
    int matches = 0;
    for (const auto& s : samples_) {
      if (s.name != name) continue;
      bool all = true;
      for (const auto& [k, v] : labels) {
        auto it = s.labels.find(k);
        all = all && it != s.labels.end() && it->second == v;
      }
      if (all) {
        found = &s;
        ++matches;
      }
    }
    INFO(name, " ", describe(labels));
    REQUIRE(matches == 1);
    return found->value;
  }
  bool has(const std::string& name) const {
    for (const auto& s : samples_)
      if (s.name == name) return true;
    return false;
  }
  const std::string& text() const { return text_; }

 private:
  static std::string describe(const Labels& labels) {
    std::string out;
    for (const auto& [k, v] : labels) out += k + "=" + v + " ";
    return out;
  }
  std::string text_;
  std::vector<Sample> samples_;
};

Scrape scrape(const BerthHost& host) {
  auto c = host.client();
  auto r = c.get("/_berth/metrics");
  REQUIRE(r.status == 200);
  REQUIRE(r.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8");
  return Scrape(r.body);
}

Labels route(const std::string& plugin, const std::string& method, const std::string& pattern) {
  return {{"plugin", plugin}, {"method", method}, {"route", pattern}};
}

Labels with(Labels labels, const std::string& key, const std::string& value) {
  labels[key] = value;
  return labels;
}

}  // namespace

TEST_CASE("metrics: requests by route pattern and status class, latency, exceptions, unmatched") {
  BerthHost host({.plugins_yaml = "  - name: good\n"});
  auto c = host.client();
  for (int i = 0; i < 3; ++i) REQUIRE(c.get("/good/items/" + std::to_string(i)).status == 200);
  REQUIRE(c.get("/good/teapot").status == 418);
  REQUIRE(c.get("/good/throws").status == 500);
  REQUIRE(c.get("/good/nowhere").status == 404);
  REQUIRE(c.request("DELETE", "/good/ping").status == 405);

  const Scrape m = scrape(host);
  const Labels item = route("good", "GET", "/good/items/:id");
  // The raw paths /good/items/0..2 are one series: the pattern, never the path.
  CHECK(m("berth_http_requests_total", with(item, "code", "2xx")) == 3);
  CHECK_FALSE(m.text().find("/good/items/0") != std::string::npos);
  CHECK(m("berth_http_request_duration_seconds_count", item) == 3);
  CHECK(m("berth_http_request_duration_seconds_bucket", with(item, "le", "+Inf")) == 3);
  CHECK(m("berth_http_request_duration_seconds_sum", item) > 0);
  CHECK(m("berth_http_requests_in_flight", item) == 0);
  CHECK(m("berth_http_handler_exceptions_total", item) == 0);

  const Labels teapot = route("good", "GET", "/good/teapot");
  CHECK(m("berth_http_requests_total", with(teapot, "code", "4xx")) == 1);
  CHECK(m("berth_http_requests_total", with(teapot, "code", "2xx")) == 0);

  const Labels throws = route("good", "GET", "/good/throws");
  CHECK(m("berth_http_requests_total", with(throws, "code", "5xx")) == 1);
  CHECK(m("berth_http_handler_exceptions_total", throws) == 1);

  // 404 and 405 ran no route.
  CHECK(m("berth_http_unmatched_requests_total", {{"code", "4xx"}}) == 2);
  // The scrape itself is in flight while it is collected.
  CHECK(m("berth_http_requests_in_flight", route("berth", "GET", "/_berth/metrics")) == 1);
  // A route that has not answered yet is there, at zero.
  CHECK(m("berth_http_requests_total", with(route("good", "GET", "/good/slow"), "code", "2xx")) ==
        0);

  CHECK(m("berth_plugin_state", {{"plugin", "good"}, {"state", "running"}}) == 1);
  CHECK(m("berth_plugin_state", {{"plugin", "good"}, {"state", "failed"}}) == 0);
  CHECK(m("berth_build_info") == 1);
}

TEST_CASE("metrics: connections, keep-alive reuse and the server's own rejections") {
  BerthHost host({.plugins_yaml = "  - name: good\n"});
  const Scrape before = scrape(host);
  {
    auto raw = RawConnection::unix_socket(host.socket());
    for (int i = 0; i < 3; ++i) {
      raw.send("GET /good/ping HTTP/1.1\r\nHost: x\r\n\r\n");
      REQUIRE(status_of(raw.read_response()) == 200);
    }
  }
  {
    auto raw = RawConnection::unix_socket(host.socket());
    raw.send("NOT HTTP AT ALL\r\n\r\n");
    REQUIRE(status_of(raw.read_response()) == 400);
  }
  {
    auto raw = RawConnection::unix_socket(host.socket());
    raw.send("GET /good/ping HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(80'000, 'a') +
             "\r\n\r\n");
    REQUIRE(status_of(raw.read_response()) == 431);
  }
  REQUIRE(eventually([&] {
    return scrape(host)("berth_http_connections_open") == 1;  // the scrape's own
  }));
  const Scrape after = scrape(host);
  auto delta = [&](const std::string& name, const Labels& labels = {}) {
    return after(name, labels) - before(name, labels);
  };
  // Three raw connections, and the scrapes since `before` (one connection each).
  const double scrapes = delta("berth_http_requests_total",
                               with(route("berth", "GET", "/_berth/metrics"), "code", "2xx"));
  CHECK(delta("berth_http_connections_accepted_total") == 3 + scrapes);
  CHECK(delta("berth_http_keepalive_requests_total") == 2);
  CHECK(delta("berth_http_server_rejections_total", {{"code", "400"}}) == 1);
  CHECK(delta("berth_http_server_rejections_total", {{"code", "431"}}) == 1);
  CHECK(after("berth_http_server_rejections_total", {{"code", "408"}}) == 0);
  CHECK(after("berth_http_server_rejections_total", {{"code", "503"}}) == 0);
}

TEST_CASE("metrics: jobs by final state and run time, the queue") {
  BerthHost host(
      {.plugins_yaml = "  - name: jobs\n", .tasks_yaml = "  workers: 1\n  queue_capacity: 1\n"});
  auto c = host.client();
  auto start = [&](const std::string& job, const nlohmann::json& params) {
    return c.post_json("/jobs/jobs/" + job, params);
  };
  auto finished = [&](const std::string& id) {
    return eventually([&] {
      auto r = c.get("/_berth/jobs/" + id);
      const std::string state = r.json()["state"];
      return state != "queued" && state != "running";
    });
  };
  auto ok = start("sleep", {{"ms", 20}});
  REQUIRE(ok.status == 202);
  REQUIRE(finished(ok.json()["id"]));
  auto failed = start("fail", nlohmann::json::object());
  REQUIRE(failed.status == 202);
  REQUIRE(finished(failed.json()["id"]));
  // One worker busy with a long job and one job queued: the next start finds the queue full.
  auto busy = start("sleep", {{"ms", 3000}});
  REQUIRE(busy.status == 202);
  REQUIRE(eventually([&] {
    return c.get("/_berth/jobs/" + busy.json()["id"].get<std::string>()).json()["state"] ==
           "running";
  }));
  auto queued = start("sleep", {{"ms", 20}});
  REQUIRE(queued.status == 202);
  REQUIRE(start("sleep", {{"ms", 20}}).status == 503);

  const Scrape m = scrape(host);
  CHECK(m("berth_jobs_finished_total",
          {{"plugin", "jobs"}, {"job", "sleep"}, {"state", "succeeded"}}) == 1);
  CHECK(m("berth_jobs_finished_total",
          {{"plugin", "jobs"}, {"job", "fail"}, {"state", "failed"}}) == 1);
  CHECK(m("berth_job_duration_seconds_count", {{"plugin", "jobs"}, {"job", "sleep"}}) == 1);
  CHECK(m("berth_job_duration_seconds_sum", {{"plugin", "jobs"}, {"job", "sleep"}}) >= 0.02);
  CHECK(m("berth_jobs_queued") == 1);
  CHECK(m("berth_jobs_queue_full_total") == 1);
}

TEST_CASE("metrics: periodic runs, failures and skipped ticks; service restarts") {
  // Both ticks every 40 ms: slow-tick runs 120 ms (ticks are skipped), throwing-tick always throws;
  // the service fails at once each time, restarted after 1 s (the default back-off).
  BerthHost host(
      {.plugins_yaml = "  - name: jobs\n    config: {tick_ms: 40, failing_service: true}\n"});
  const Labels slow = {{"plugin", "jobs"}, {"task", "slow-tick"}};
  const Labels throwing = {{"plugin", "jobs"}, {"task", "throwing-tick"}};
  REQUIRE(eventually([&] {
    const Scrape m = scrape(host);
    return m("berth_periodic_skipped_ticks_total", slow) >= 1 &&
           m("berth_periodic_runs_total", slow) >= 1 &&
           m("berth_periodic_failures_total", throwing) >= 2;
  }));
  const Scrape m = scrape(host);
  CHECK(m("berth_periodic_failures_total", slow) == 0);
  CHECK(m("berth_periodic_failures_total", throwing) == m("berth_periodic_runs_total", throwing));
  CHECK(m("berth_periodic_skipped_ticks_total", throwing) == 0);
  REQUIRE(eventually([&] {
    return scrape(host)("berth_service_restarts_total",
                        {{"plugin", "jobs"}, {"task", "failing"}}) >= 1;
  }));
}

TEST_CASE("metrics: storage writes, group commits, busy retries; log lines") {
  BerthHost host({.plugins_yaml = "  - name: notes\n"});
  auto c = host.client();
  for (int i = 0; i < 4; ++i)
    REQUIRE(c.post_json("/notes", {{"title", "n" + std::to_string(i)}, {"body", "b"}}).status ==
            201);
  const Scrape m = scrape(host);
  const Labels notes = {{"plugin", "notes"}};
  const double writes = m("berth_storage_writes_total", notes);
  const double batches = m("berth_storage_write_batches_total", notes);
  CHECK(writes >= 4);  // the four notes, after the plugin's own start-up writes
  CHECK(batches >= 1);
  CHECK(batches <= writes);
  CHECK(m("berth_storage_batch_writes_count", notes) == batches);
  CHECK(m("berth_storage_batch_writes_sum", notes) == writes);
  CHECK(m("berth_storage_commit_duration_seconds_count", notes) == batches);
  CHECK(m("berth_storage_failed_writes_total", notes) == 0);
  CHECK(m("berth_storage_busy_retries_total", notes) == 0);
  CHECK(m.has("berth_storage_writes_total"));
  CHECK(m("berth_storage_writes_total", {{"plugin", "berth"}}) >= 0);  // the host's jobs file

  // Another process holds the write lock for a while: the write waits, counted, then succeeds.
  sqlite3* other = nullptr;
  REQUIRE(sqlite3_open((host.dir().path() / "data" / "plugins" / "notes.db").c_str(), &other) ==
          SQLITE_OK);
  REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
  std::thread release([other] {
    std::this_thread::sleep_for(300ms);
    sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr);
  });
  auto late = c.post_json("/notes", {{"title", "waited"}, {"body", "b"}});
  release.join();
  sqlite3_close(other);
  CHECK(late.status == 201);
  const Scrape after = scrape(host);
  CHECK(after("berth_storage_busy_retries_total", notes) > 0);
  CHECK(after("berth_storage_writes_total", notes) == writes + 1);

  // Every request is one info line of the request log.
  const double info = after("berth_log_lines_total", {{"level", "info"}});
  for (int i = 0; i < 5; ++i) REQUIRE(c.get("/notes").status == 200);
  const Scrape later = scrape(host);
  CHECK(later("berth_log_lines_total", {{"level", "info"}}) == info + 5 + 1);  // + the scrape
  CHECK(later("berth_log_lines_dropped_total") == 0);
}

TEST_CASE("metrics: config reloads by outcome") {
  // Reloaded on SIGHUP only, so that each write below is one reload.
  BerthHost host({.plugins_yaml = "  - name: good\n", .extra_args = {"--no-config-watch"}});
  const auto config = host.dir().path() / "berth.yaml";
  std::string good;
  {
    std::ifstream in(config);
    good.assign(std::istreambuf_iterator<char>(in), {});
  }
  CHECK(scrape(host)("berth_config_reloads_total", {{"outcome", "rejected"}}) == 0);
  {
    std::ofstream out(config);
    out << "server: [not, a, map\n";
  }
  host.process().signal(SIGHUP);
  REQUIRE(eventually([&] {
    return scrape(host)("berth_config_reloads_total", {{"outcome", "rejected"}}) == 1;
  }));
  {
    std::ofstream out(config);
    out << good;
  }
  host.process().signal(SIGHUP);
  REQUIRE(eventually([&] {
    return scrape(host)("berth_config_reloads_total", {{"outcome", "applied"}}) >= 1;
  }));
  CHECK(scrape(host)("berth_config_reloads_total", {{"outcome", "partial"}}) == 0);
}

TEST_CASE("metrics: promtool check metrics accepts the output") {
  BerthHost host({.plugins_yaml = "  - name: good\n  - name: jobs\n  - name: notes\n"});
  auto c = host.client();
  REQUIRE(c.get("/good/ping").status == 200);
  REQUIRE(c.post_json("/notes", {{"title", "t"}, {"body", "b"}}).status == 201);
  REQUIRE(c.post_json("/jobs/jobs/sleep", {{"ms", 1}}).status == 202);
  const Scrape m = scrape(host);
  const auto text = host.dir().path() / "metrics.txt";
  const auto report = host.dir().path() / "promtool.txt";
  {
    std::ofstream out(text);
    out << m.text();
  }
  const std::string command =
      "promtool check metrics <" + text.string() + " >" + report.string() + " 2>&1";
  const int status = std::system(command.c_str());
  std::ifstream in(report);
  INFO(std::string(std::istreambuf_iterator<char>(in), {}));
  CHECK(status == 0);
}
