// Background work through the real binary: jobs started over REST and polled, the runner plugin's
// processes, periodic tasks, a full queue, kill -9 and shutdown.
#include "berth_host.h"

#include <doctest/doctest.h>
#include <signal.h>

#include <thread>

using namespace berth::test;
using namespace std::chrono_literals;

namespace {

const std::string kJobs = "  - name: jobs\n    config: {tick_ms: 40}\n";

std::string runner_yaml(const std::string& dir) {
  return "  - name: runner\n"
         "    config:\n"
         "      usage_path: " +
         dir +
         "\n"
         "      usage_interval: 1\n"
         "      commands:\n"
         "        countdown:\n"
         "          argv: [sh, -c, 'for i in 1 2 3 4 5; do echo \"PROGRESS $((i * 20)) step $i\"; "
         "sleep 0.2; done']\n"
         "        fail:\n"
         "          argv: [sh, -c, 'echo out; echo err >&2; exit 3']\n"
         "        spawn-and-wait:\n"
         "          argv: [sh, -c, 'sleep 60 & echo $! > {pidfile}; echo started; wait']\n"
         "          params: {pidfile: '^/[A-Za-z0-9._/-]+$'}\n";
}

std::string start(HttpClient& c, const std::string& target, const nlohmann::json& params) {
  auto r = c.post_json(target, params);
  REQUIRE(r.status == 202);
  REQUIRE(r.header("Location") == "/_berth/jobs/" + r.json()["id"].get<std::string>());
  return r.json()["id"];
}

// Long-polls until `done(job)` or the timeout.
nlohmann::json wait_for(HttpClient& c, const std::string& id,
                        const std::function<bool(const nlohmann::json&)>& done,
                        std::chrono::seconds timeout = 20s) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  auto job = c.get("/_berth/jobs/" + id).json();
  while (!done(job) && std::chrono::steady_clock::now() < deadline) {
    job = c.get("/_berth/jobs/" + id +
                "?wait=5&version=" + std::to_string(job["version"].get<long>()))
              .json();
  }
  return job;
}

bool final_state(const nlohmann::json& j) {
  std::string s = j["state"];
  return s == "succeeded" || s == "failed" || s == "cancelled" || s == "interrupted";
}

}  // namespace

TEST_CASE("a job started over REST shows progress while it runs and its result at the end") {
  BerthHost host(HostOptions{.plugins_yaml = kJobs});
  auto c = host.client();
  auto id = start(c, "/jobs/jobs/sleep", {{"ms", 800}});
  auto running =
      wait_for(c, id, [](const nlohmann::json& j) { return j["progress"].get<double>() > 0; });
  CHECK(running["state"] == "running");
  CHECK(running["message"].get<std::string>().rfind("slept ", 0) == 0);
  auto done = wait_for(c, id, final_state);
  CHECK(done["state"] == "succeeded");
  CHECK(done["result"] == nlohmann::json{{"slept_ms", 800}});
  CHECK(done["log"] == nlohmann::json::array({"woke up"}));
  CHECK(done["plugin"] == "jobs");
  CHECK(done["name"] == "sleep");
  auto list = c.get("/_berth/jobs?plugin=jobs&state=succeeded").json()["jobs"];
  REQUIRE(list.size() == 1);
  CHECK(list[0]["id"] == id);
  CHECK(c.get("/_berth/jobs?state=bogus").status == 400);
  CHECK(c.get("/_berth/jobs/nope").status == 404);
  CHECK(c.post_json("/jobs/jobs/no-such-job", {}).status == 404);
}

TEST_CASE("a long poll answers as soon as the job changes, not at the deadline") {
  BerthHost host(HostOptions{.plugins_yaml = kJobs});
  auto c = host.client();
  auto id = start(c, "/jobs/jobs/sleep", {{"ms", 300}});
  auto first = c.get("/_berth/jobs/" + id).json();
  auto t0 = std::chrono::steady_clock::now();
  auto changed = c.get("/_berth/jobs/" + id +
                       "?wait=30&version=" + std::to_string(first["version"].get<long>()));
  CHECK(changed.status == 200);
  CHECK(changed.json()["version"] != first["version"]);
  CHECK(std::chrono::steady_clock::now() - t0 < 10s);
  // Nothing changes on a finished job: the poll answers at its deadline with the job as it is.
  auto done = wait_for(c, id, final_state);
  t0 = std::chrono::steady_clock::now();
  auto idle = c.get("/_berth/jobs/" + id +
                    "?wait=1&version=" + std::to_string(done["version"].get<long>()));
  CHECK(idle.json()["version"] == done["version"]);
  CHECK(std::chrono::steady_clock::now() - t0 >= 900ms);
  CHECK(c.get("/_berth/jobs/" + id + "?wait=abc").status == 400);
}

TEST_CASE("cancel: a queued or running job is cancelled; a finished one is a 409") {
  BerthHost host(HostOptions{.plugins_yaml = kJobs});
  auto c = host.client();
  auto id = start(c, "/jobs/jobs/sleep", {{"ms", 20000}});
  wait_for(c, id, [](const nlohmann::json& j) { return j["state"] == "running"; });
  auto cancel = c.request("POST", "/_berth/jobs/" + id + "/cancel");
  CHECK((cancel.status == 202 || cancel.status == 200));
  auto done = wait_for(c, id, final_state);
  CHECK(done["state"] == "cancelled");
  CHECK(c.request("POST", "/_berth/jobs/" + id + "/cancel").status == 409);
  CHECK(c.request("POST", "/_berth/jobs/unknown/cancel").status == 404);
}

TEST_CASE("a failing job is recorded with its error; the host serves on") {
  BerthHost host(HostOptions{.plugins_yaml = kJobs});
  auto c = host.client();
  auto done = wait_for(c, start(c, "/jobs/jobs/fail", {}), final_state);
  CHECK(done["state"] == "failed");
  CHECK(done["error"] == "the job failed on purpose");
  CHECK(c.get("/_berth/health").status == 200);
}

TEST_CASE("periodic tasks never overlap themselves, and one that throws goes on") {
  BerthHost host(HostOptions{.plugins_yaml = kJobs});
  auto c = host.client();
  nlohmann::json status;
  for (int i = 0; i < 200; ++i) {
    status = c.get("/_berth/tasks").json()["tasks"];
    int throwing_runs = 0, skipped = 0;
    for (const auto& t : status) {
      if (t["name"] == "throwing-tick") throwing_runs = t["runs"];
      if (t["name"] == "slow-tick") skipped = t["skipped_ticks"];
    }
    if (throwing_runs >= 3 && skipped >= 2) break;
    std::this_thread::sleep_for(20ms);
  }
  for (const auto& t : status) {
    CAPTURE(t);
    if (t["name"] == "throwing-tick") {
      CHECK(t["runs"].get<int>() >= 3);
      CHECK(t["last_error"] == "tick failed on purpose");
    }
    if (t["name"] == "slow-tick") CHECK(t["skipped_ticks"].get<int>() >= 2);
  }
  auto ticks = c.get("/jobs/ticks").json();
  CHECK(ticks["ticks"].get<int>() >= 1);
  CHECK(ticks["max_running"] == 1);
}

TEST_CASE("a full queue answers 503 with Retry-After; nothing is lost silently") {
  BerthHost host(
      HostOptions{.plugins_yaml = "  - name: jobs\n", .server_yaml = "", .extra_args = {}});
  // The default host has 4 workers and room for 256 queued jobs; fill them with long sleeps.
  auto c = host.client();
  int accepted = 0;
  HttpResult refused;
  for (int i = 0; i < 400; ++i) {
    auto r = c.post_json("/jobs/jobs/sleep", {{"ms", 60000}});
    if (r.status == 202) {
      ++accepted;
      continue;
    }
    refused = r;
    break;
  }
  REQUIRE(refused.status == 503);
  CHECK(refused.header("Retry-After") == "1");
  CHECK(refused.json()["message"].get<std::string>().find("queue") != std::string::npos);
  auto listed = c.get("/_berth/jobs?plugin=jobs&limit=500").json()["jobs"];
  CHECK(static_cast<int>(listed.size()) == accepted);
  // Jobs can be started from plugin code too, and get the same 503 when full.
  CHECK(c.post_json("/jobs/start-from-code", {{"ms", 1}}).status == 503);
}

TEST_CASE(
    "kill -9 during jobs: after restart they are interrupted, and a resumable one runs again") {
  TempDir data("berth-jobs-crash");
  std::string plain, resumable;
  {
    BerthHost host(HostOptions{.plugins_yaml = kJobs, .data_dir = data.path().string()});
    auto c = host.client();
    plain = start(c, "/jobs/jobs/sleep", {{"ms", 30000}});
    resumable = start(c, "/jobs/jobs/resumable-sleep", {{"ms", 1500}});
    wait_for(c, plain, [](const nlohmann::json& j) { return j["state"] == "running"; });
    auto r =
        wait_for(c, resumable, [](const nlohmann::json& j) { return j["state"] == "running"; });
    REQUIRE(r["state"] == "running");
    host.process().signal(SIGKILL);
    REQUIRE(host.process().wait_exit(5s) == 128 + SIGKILL);
  }
  BerthHost host(HostOptions{.plugins_yaml = kJobs, .data_dir = data.path().string()});
  auto c = host.client();
  auto p = c.get("/_berth/jobs/" + plain).json();
  CHECK(p["state"] == "interrupted");
  CHECK(p["error"] == "host stopped while the job was running");
  auto r = wait_for(c, resumable, final_state);
  CHECK(r["state"] == "succeeded");
  CHECK(r["attempt"] == 2);
  CHECK(r["result"] == nlohmann::json{{"slept_ms", 1500}});
}

TEST_CASE("SIGTERM: jobs get the shutdown deadline; one ignoring its stop token is interrupted") {
  TempDir data("berth-jobs-term");
  std::string stubborn, polite;
  {
    BerthHost host(HostOptions{.plugins_yaml = kJobs,
                               .server_yaml = "  shutdown_timeout: 1s\n",
                               .data_dir = data.path().string()});
    auto c = host.client();
    stubborn = start(c, "/jobs/jobs/ignore-stop", {{"ms", 60000}});
    polite = start(c, "/jobs/jobs/sleep", {{"ms", 60000}});
    wait_for(c, stubborn, [](const nlohmann::json& j) { return j["state"] == "running"; });
    wait_for(c, polite, [](const nlohmann::json& j) { return j["state"] == "running"; });
    auto t0 = std::chrono::steady_clock::now();
    host.process().signal(SIGTERM);
    auto code = host.process().wait_exit(10s);
    REQUIRE(code);
    CHECK(*code == 0);
    CHECK(std::chrono::steady_clock::now() - t0 < 4s);
  }
  BerthHost host(HostOptions{.plugins_yaml = kJobs, .data_dir = data.path().string()});
  auto c = host.client();
  auto s = c.get("/_berth/jobs/" + stubborn).json();
  CHECK(s["state"] == "interrupted");
  CHECK(s["error"] == "host stopped before the job finished");
  auto p = c.get("/_berth/jobs/" + polite).json();
  CHECK(p["state"] == "interrupted");
}

TEST_CASE("runner: progress from the command, failure with exit code and output, allow-list") {
  TempDir dir;
  BerthHost host(HostOptions{.plugins_yaml = runner_yaml(dir.path().string())});
  auto c = host.client();
  auto id = start(c, "/runner/run", {{"command", "countdown"}});
  auto mid =
      wait_for(c, id, [](const nlohmann::json& j) { return j["progress"].get<double>() >= 40; });
  CHECK(mid["message"].get<std::string>().rfind("step ", 0) == 0);
  auto done = wait_for(c, id, final_state);
  CHECK(done["state"] == "succeeded");
  CHECK(done["result"]["exit_code"] == 0);

  auto failed = wait_for(c, start(c, "/runner/run", {{"command", "fail"}}), final_state);
  CHECK(failed["state"] == "failed");
  CHECK(failed["error"] == "exited with code 3");
  CHECK(failed["result"]["exit_code"] == 3);
  CHECK(failed["log"] == nlohmann::json::array({"stdout: out", "stderr: err"}));

  auto refused = c.post_json("/runner/run", {{"command", "rm"}, {"args", {{"path", "/"}}}});
  CHECK(refused.status == 400);
  CHECK(refused.json()["errors"][0]["path"] == "/command");  // not in the schema's enum
  auto injected = c.post_json(
      "/runner/run", {{"command", "spawn-and-wait"}, {"args", {{"pidfile", "/tmp/x; rm -rf /"}}}});
  CHECK(injected.status == 400);
  // The host's generic job route checks the allow-list too, before anything is queued.
  auto sneaky = c.post_json("/runner/jobs/run", {{"command", "rm"}});
  CHECK(sneaky.status == 400);
  CHECK(sneaky.json()["errors"][0]["path"] == "/command");
}

TEST_CASE("runner: cancel kills the whole process group") {
  TempDir dir;
  BerthHost host(HostOptions{.plugins_yaml = runner_yaml(dir.path().string())});
  auto c = host.client();
  auto pidfile = (dir / "child.pid").string();
  auto id =
      start(c, "/runner/run", {{"command", "spawn-and-wait"}, {"args", {{"pidfile", pidfile}}}});
  wait_for(c, id, [](const nlohmann::json& j) { return !j["log"].empty(); });
  int child = std::stoi(read_file(pidfile));
  REQUIRE(::kill(child, 0) == 0);
  c.request("POST", "/_berth/jobs/" + id + "/cancel");
  auto done = wait_for(c, id, final_state);
  CHECK(done["state"] == "cancelled");
  bool gone = false;
  for (int i = 0; i < 100 && !gone; ++i) {
    gone = ::kill(child, 0) != 0;
    if (!gone) std::this_thread::sleep_for(20ms);
  }
  CHECK(gone);
}

TEST_CASE("runner: the periodic task records disk usage, served by GET /runner/usage") {
  TempDir dir;
  BerthHost host(HostOptions{.plugins_yaml = runner_yaml(dir.path().string())});
  auto c = host.client();
  nlohmann::json samples;
  for (int i = 0; i < 100 && samples.empty(); ++i) {
    samples = c.get("/runner/usage").json()["samples"];
    if (samples.empty()) std::this_thread::sleep_for(50ms);
  }
  REQUIRE_FALSE(samples.empty());
  CHECK(samples[0]["path"] == dir.path().string());
  CHECK(samples[0]["total_bytes"].get<long long>() > 0);
  CHECK(c.get("/runner/usage?limit=0").status == 400);
}
