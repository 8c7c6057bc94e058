// What one client or one plugin can make the host keep for jobs, through the real binary: params
// checked before a job is queued, size limits on params, results and log lines, retention of
// finished jobs, listings without large fields, and strict query parameters.
#include "berth_host.h"

#include "support/eventually.h"

#include <doctest/doctest.h>
#include <signal.h>

#include <filesystem>

using namespace berth::test;
using namespace std::chrono_literals;

namespace {

const std::string kJobs = "  - name: jobs\n";

std::string started(HttpClient& c, const std::string& target, const nlohmann::json& params) {
  auto r = c.post_json(target, params);
  REQUIRE(r.status == 202);
  return r.json()["id"];
}

nlohmann::json finished(HttpClient& c, const std::string& id) {
  nlohmann::json job;
  eventually(
      [&] {
        job = c.get("/_berth/jobs/" + id + "?wait=5&version=" +
                    std::to_string(job.is_null() ? 0 : job["version"].get<long>()))
                  .json();
        std::string state = job.value("state", "");  // none: not found
        return state != "queued" && state != "running";
      },
      20s);
  return job;
}

nlohmann::json listed(HttpClient& c, const std::string& query = "plugin=jobs") {
  return c.get("/_berth/jobs?" + query).json()["jobs"];
}

std::string message(const HttpResult& r) {
  return r.json().value("message", "");
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("a job's validate refuses bad params with a 400 before anything is queued") {
  BerthHost host(HostOptions{.plugins_yaml = kJobs});
  auto c = host.client();
  auto missing = c.post_json("/jobs/jobs/checked", nlohmann::json::object());
  CHECK(missing.status == 400);
  CHECK(message(missing) == "n: an integer is required");
  // A validate that throws: its message, still a 400, and the host serves on.
  auto negative = c.post_json("/jobs/jobs/checked", {{"n", -1}});
  CHECK(negative.status == 400);
  CHECK(message(negative) == "n: must not be negative");
  // start_job from plugin code runs the same check.
  auto from_code = c.post_json("/jobs/start-from-code?job=checked", {{"n", "seven"}});
  CHECK(from_code.status == 400);
  CHECK(message(from_code) == "n: an integer is required");
  CHECK(listed(c).empty());

  auto done = finished(c, started(c, "/jobs/jobs/checked", {{"n", 7}}));
  CHECK(done["state"] == "succeeded");
  CHECK(done["result"] == nlohmann::json{{"n", 7}});
  CHECK(listed(c).size() == 1);
}

TEST_CASE("runner: an unknown command or bad args on the generic job route is a 400") {
  BerthHost host(HostOptions{.plugins_yaml = "  - name: runner\n"
                                             "    config:\n"
                                             "      commands:\n"
                                             "        echo:\n"
                                             "          argv: [echo, '{word}']\n"
                                             "          params: {word: '^[a-z]+$'}\n"});
  auto c = host.client();
  for (const std::string target : {"/runner/jobs/run", "/runner/run"}) {
    CAPTURE(target);
    // The allow-list is the params schema's enum, and unknown fields are the schema's too.
    auto unknown = c.post_json(target, {{"command", "rm"}});
    CHECK(unknown.status == 400);
    CHECK(message(unknown).starts_with("command: "));
    CHECK(unknown.json()["errors"][0]["path"] == "/command");
    auto bad_arg = c.post_json(target, {{"command", "echo"}, {"args", {{"word", "a b"}}}});
    CHECK(bad_arg.status == 400);
    CHECK(contains(message(bad_arg), "args.word"));
    auto extra = c.post_json(target, {{"command", "echo"}, {"args", {{"word", "a"}}}, {"x", 1}});
    CHECK(extra.status == 400);
    CHECK(message(extra).starts_with("x: unknown key 'x'"));
    CHECK(extra.json()["errors"][0]["path"] == "/x");
    // The case, a large unknown field: the job route refuses it by size before anything
    // else; /runner/run's body schema refuses the unknown field before the handler starts a job.
    auto big = c.post_json(
        target, {{"command", "echo"}, {"args", {{"word", "a"}}}, {"x", std::string(200000, 'x')}});
    if (target == "/runner/jobs/run") {
      CHECK(big.status == 413);
      CHECK(contains(message(big), "tasks.max_params_bytes"));
    } else {
      CHECK(big.status == 400);
      CHECK(big.json()["errors"][0]["path"] == "/x");
    }
  }
  CHECK(listed(c, "plugin=runner").empty());
  auto done = finished(
      c, started(c, "/runner/jobs/run", {{"command", "echo"}, {"args", {{"word", "hi"}}}}));
  CHECK(done["state"] == "succeeded");
  CHECK(done["log"] == nlohmann::json::array({"stdout: hi"}));
}

TEST_CASE("params above tasks.max_params_bytes are a 413 naming the limit; nothing is stored") {
  BerthHost host(HostOptions{.plugins_yaml = kJobs, .tasks_yaml = "  max_params_bytes: 1KiB\n"});
  auto c = host.client();
  nlohmann::json big = {{"ms", 1}, {"pad", std::string(2000, 'p')}};
  auto over = c.post_json("/jobs/jobs/sleep", big);
  CHECK(over.status == 413);
  CHECK(message(over) == "job params are larger than tasks.max_params_bytes (1024 bytes)");
  CHECK(c.post_json("/jobs/start-from-code", big).status == 413);
  CHECK(listed(c).empty());
  nlohmann::json fits = {{"ms", 1}, {"pad", std::string(900, 'p')}};
  CHECK(finished(c, started(c, "/jobs/jobs/sleep", fits))["state"] == "succeeded");
}

TEST_CASE("a result above tasks.max_result_bytes fails the job and is not kept") {
  BerthHost host(HostOptions{.plugins_yaml = kJobs, .tasks_yaml = "  max_result_bytes: 1KiB\n"});
  auto c = host.client();
  auto big = finished(c, started(c, "/jobs/jobs/big-result", {{"bytes", 5000}}));
  CHECK(big["state"] == "failed");
  CHECK(big["error"] == "the job's result is larger than tasks.max_result_bytes (1024 bytes)");
  CHECK(big["result"].is_null());
  auto small = finished(c, started(c, "/jobs/jobs/big-result", {{"bytes", 100}}));
  CHECK(small["state"] == "succeeded");
  CHECK(small["result"]["text"].get<std::string>().size() == 100);
}

TEST_CASE("long log lines and messages are cut with a marker; the log keeps its last lines") {
  BerthHost host(HostOptions{.plugins_yaml = kJobs,
                             .tasks_yaml = "  max_log_line_bytes: 101\n  log_tail_lines: 3\n"});
  auto c = host.client();
  // 1000 bytes of two-byte characters: the cut falls inside one and backs off to 100 bytes.
  auto one = finished(c, started(c, "/jobs/jobs/long-log", {{"bytes", 1000}}));
  REQUIRE(one["state"] == "succeeded");
  REQUIRE(one["log"].size() == 1);
  std::string expected;
  for (int i = 0; i < 50; ++i) expected += "\xc3\xa9";
  expected += "...[cut 900 bytes]";
  CHECK(one["log"][0] == expected);
  CHECK(one["message"] == expected);

  auto many = finished(c, started(c, "/jobs/jobs/long-log", {{"bytes", 10}, {"lines", 10}}));
  CHECK(many["log"] == nlohmann::json::array({"line 7", "line 8", "line 9"}));
}

TEST_CASE("retention: only the newest finished jobs stay; running ones are never pruned") {
  BerthHost host(HostOptions{.plugins_yaml = kJobs,
                             .tasks_yaml = "  retention:\n    max_jobs: 3\n    interval: 100ms\n"});
  auto c = host.client();
  auto running = started(c, "/jobs/jobs/sleep", {{"ms", 60000}});
  std::vector<std::string> ids;
  // One after the other: a job is pruned only once three newer ones finished.
  for (int i = 0; i < 10; ++i) {
    ids.push_back(started(c, "/jobs/jobs/checked", {{"n", i}}));
    REQUIRE(finished(c, ids.back())["state"] == "succeeded");
  }
  std::vector<std::string> left;
  CHECK(eventually(
      [&] {
        left.clear();
        for (const auto& job : listed(c)) left.push_back(job["id"]);
        return left.size() == 4;
      },
      10s));
  // Newest first: the three newest finished jobs, then the oldest, still running.
  CHECK(left == std::vector<std::string>{ids[9], ids[8], ids[7], running});
  CHECK(c.get("/_berth/jobs/" + ids[0]).status == 404);
  CHECK(c.get("/_berth/jobs/" + running).json()["state"] == "running");
}

TEST_CASE("retention: finished jobs older than max_age go; pruning runs at start too") {
  TempDir data("berth-jobs-retention");
  {
    BerthHost host(HostOptions{.plugins_yaml = kJobs, .data_dir = data.path().string()});
    auto c = host.client();
    for (int i = 0; i < 5; ++i) finished(c, started(c, "/jobs/jobs/checked", {{"n", i}}));
    REQUIRE(listed(c).size() == 5);
  }
  {
    // The interval is a day: only the run at start can prune.
    BerthHost host(HostOptions{.plugins_yaml = kJobs,
                               .data_dir = data.path().string(),
                               .tasks_yaml = "  retention: {max_jobs: 2, interval: 24h}\n"});
    auto c = host.client();
    CHECK(eventually([&] { return listed(c).size() == 2; }, 10s));
  }
  BerthHost host(HostOptions{.plugins_yaml = kJobs,
                             .data_dir = data.path().string(),
                             .tasks_yaml = "  retention: {max_age: 1s, interval: 100ms}\n"});
  auto c = host.client();
  auto running = started(c, "/jobs/jobs/sleep", {{"ms", 60000}});
  CHECK(eventually([&] { return listed(c).size() == 1; }, 10s));
  CHECK(listed(c)[0]["id"] == running);
}

TEST_CASE("retention keeps berth.db from growing without bound") {
  TempDir data("berth-jobs-growth");
  const std::string pad(60000, 'p');  // under the default 64 KiB params limit
  // Two rounds of 40 jobs of 60 KB, the host stopped cleanly after each (the WAL checkpointed into
  // berth.db). Kept, 40 jobs would be 2.4 MB; how many are alive before a prune depends on
  // timing, but the pages pruned jobs free are reused, so the second round adds next to nothing.
  auto round = [&] {
    BerthHost host(HostOptions{.plugins_yaml = kJobs,
                               .data_dir = data.path().string(),
                               .tasks_yaml = "  retention: {max_jobs: 2, interval: 100ms}\n"});
    auto c = host.client();
    for (int i = 0; i < 40; ++i)
      finished(c, started(c, "/jobs/jobs/checked", {{"n", i}, {"pad", pad}}));
    CHECK(eventually([&] { return listed(c).size() == 2; }, 10s));
    host.process().signal(SIGTERM);
    REQUIRE(host.process().wait_exit(10s) == 0);
    return std::filesystem::file_size(data / "berth.db");
  };
  const auto first = round();
  const auto second = round();
  CAPTURE(first);
  CAPTURE(second);
  CHECK(first < 2'000'000);
  CHECK(second < first + 400'000);
}

TEST_CASE("listings leave out params, result and log unless asked; one job keeps them all") {
  BerthHost host(HostOptions{.plugins_yaml = kJobs});
  auto c = host.client();
  auto id = started(c, "/jobs/jobs/sleep", {{"ms", 1}});
  auto full = finished(c, id);
  CHECK(full["params"] == nlohmann::json{{"ms", 1}});
  CHECK(full["result"] == nlohmann::json{{"slept_ms", 1}});
  CHECK(full["log"] == nlohmann::json::array({"woke up"}));

  auto plain = listed(c);
  REQUIRE(plain.size() == 1);
  CHECK(plain[0]["id"] == id);
  CHECK(plain[0]["state"] == "succeeded");
  CHECK_FALSE(plain[0].contains("params"));
  CHECK_FALSE(plain[0].contains("result"));
  CHECK_FALSE(plain[0].contains("log"));

  auto some = listed(c, "plugin=jobs&include=params,result");
  CHECK(some[0]["params"] == full["params"]);
  CHECK(some[0]["result"] == full["result"]);
  CHECK_FALSE(some[0].contains("log"));
  CHECK(listed(c, "include=log")[0]["log"] == full["log"]);

  CHECK(c.get("/_berth/jobs?include=secrets").status == 400);
  CHECK(c.get("/_berth/jobs?limit=500").status == 200);
  CHECK(c.get("/_berth/jobs?limit=501").status == 400);
  CHECK(c.get("/_berth/jobs?include=log&limit=50").status == 200);
  auto too_many = c.get("/_berth/jobs?include=log&limit=51");
  CHECK(too_many.status == 400);
  CHECK(message(too_many) == "limit: expected an integer from 1 to 50, got '51'");
}

TEST_CASE("garbage or out-of-range wait, version and limit are a 400 naming the parameter") {
  BerthHost host(HostOptions{.plugins_yaml = kJobs});
  auto c = host.client();
  auto id = started(c, "/jobs/jobs/sleep", {{"ms", 1}});
  finished(c, id);
  for (const std::string value : {"99999999999999999999", "-1", "1x", "%2B1", "%201", "", "1.5"}) {
    CAPTURE(value);
    // The route's query schema names the parameter: errors [{in: query, path: /version}].
    auto names = [](const HttpResult& r, const std::string& name) {
      const nlohmann::json body = r.json();
      return r.status == 400 && body["errors"].size() == 1 && body["errors"][0]["in"] == "query" &&
             body["errors"][0]["path"] == "/" + name &&
             body["message"].get<std::string>().rfind("query parameter '" + name + "': ", 0) == 0;
    };
    CHECK(names(c.get("/_berth/jobs/" + id + "?wait=1&version=" + value), "version"));
    CHECK(names(c.get("/_berth/jobs/" + id + "?wait=" + value), "wait"));
    CHECK(names(c.get("/_berth/jobs?limit=" + value), "limit"));
  }
  CHECK(c.get("/_berth/jobs/" + id + "?wait=1&version=9223372036854775807").status == 200);
}
