// The pieces under the task host: ids, JSON, waiters, the worker pool, registration checks.
#include <berth/http_error.h>

#include <doctest/doctest.h>

#include <atomic>
#include <set>

#include "tasks/job_id.h"
#include "tasks/job_json.h"
#include "tasks/job_limits.h"
#include "tasks/job_waiters.h"
#include "tasks/plugin_tasks.h"
#include "tasks/task_workers.h"
#include "unit/tasks/task_test_util.h"

using namespace berth::tasks;
using namespace berth::tasks::test;

TEST_CASE("job ids are 20 hex digits, unique and increasing") {
  std::string previous;
  std::set<std::string> seen;
  for (int i = 0; i < 2000; ++i) {
    std::string id = new_job_id();
    REQUIRE(id.size() == 20);
    CHECK(id.find_first_not_of("0123456789abcdef") == std::string::npos);
    CHECK(id > previous);
    seen.insert(id);
    previous = id;
  }
  CHECK(seen.size() == 2000);
  // The first 12 digits are the creation time in ms.
  auto ms = std::stoll(previous.substr(0, 12), nullptr, 16);
  CHECK(std::llabs(ms - now_ms()) < 60'000);
}

TEST_CASE("timestamps are RFC 3339 UTC with milliseconds") {
  CHECK(rfc3339(0) == "1970-01-01T00:00:00.000Z");
  CHECK(rfc3339(1714566896789) == "2024-05-01T12:34:56.789Z");
  CHECK(rfc3339_or_null(std::nullopt).is_null());
}

TEST_CASE("job states have stable names") {
  for (auto s : {JobState::queued, JobState::running, JobState::succeeded, JobState::failed,
                 JobState::cancelled, JobState::interrupted}) {
    CHECK(parse_job_state(to_string(s)) == s);
  }
  CHECK(to_string(JobState::interrupted) == "interrupted");
  CHECK_FALSE(parse_job_state("done"));
  CHECK_FALSE(is_final(JobState::running));
  CHECK(is_final(JobState::cancelled));
}

TEST_CASE("job JSON has every documented field") {
  JobRecord r;
  r.id = "0123456789ab01234567";
  r.plugin = "p";
  r.name = "import";
  r.params = {{"n", 1}};
  r.state = JobState::failed;
  r.progress = 40;
  r.message = "copying";
  r.error = "disk full";
  r.log = {{1, "a"}, {2, "b"}};
  r.created_ms = 1714566896789;
  r.attempt = 2;
  r.version = 7;
  auto j = to_json(r);
  CHECK(j["id"] == r.id);
  CHECK(j["state"] == "failed");
  CHECK(j["params"]["n"] == 1);
  CHECK(j["progress"] == 40.0);
  CHECK(j["result"].is_null());
  CHECK(j["error"] == "disk full");
  CHECK(j["log"] == nlohmann::json::array({"a", "b"}));
  CHECK(j["created"] == "2024-05-01T12:34:56.789Z");
  CHECK(j["started"].is_null());
  CHECK(j["finished"].is_null());
  CHECK(j["attempt"] == 2);
  CHECK(j["resumable"] == false);
  CHECK(j["version"] == 7);
  CHECK(j["log_seq"] == 2);  // the last log line's number, for `berth job follow`
  CHECK(j.size() == 17);
  auto listed = to_json(r, {});
  CHECK(listed.size() == 13);
  CHECK_FALSE(listed.contains("params"));
  CHECK_FALSE(listed.contains("result"));
  CHECK_FALSE(listed.contains("log"));
  CHECK(to_json(r, {.result = true}).contains("result"));
}

TEST_CASE("json_size_within measures compact JSON and stops past the limit") {
  nlohmann::json j = {{"a", "xyz"}, {"n", {1, 2.5, nullptr}}};
  CHECK(json_size_within(j, 1000) == j.dump().size());
  CHECK(json_size_within(j, j.dump().size()) == j.dump().size());
  CHECK_FALSE(json_size_within(j, j.dump().size() - 1));
  CHECK_FALSE(json_size_within(std::string(1 << 20, 'x'), 100));
  // Invalid UTF-8 is measured as stored: replaced, not thrown.
  CHECK(json_size_within(std::string("\xff"), 100) == 5);  // "\ufffd" as 3 bytes, quoted
}

TEST_CASE("cut_to keeps what fits, at a character boundary, and says how much it cut") {
  CHECK(cut_to("short", 10) == "short");
  CHECK(cut_to("0123456789", 4) == "0123...[cut 6 bytes]");
  // "é" is two bytes: a cut inside it backs off before it.
  const std::string e_acute = "\xc3\xa9";
  CHECK(cut_to("a" + e_acute + "b", 2) == "a...[cut 3 bytes]");
  CHECK(cut_to("a" + e_acute + "b", 3) == "a" + e_acute + "...[cut 1 bytes]");
}

TEST_CASE("a waiter is answered exactly once") {
  JobWaiters waiters;
  auto now = JobWaiters::Clock::now();
  int calls = 0;
  auto done = [&] { return JobWaiters::Done([&](std::optional<nlohmann::json>) { ++calls; }); };
  auto a = waiters.add("job1", 3, now + 1h, done());
  auto b = waiters.add("job1", 4, now + 1h, done());
  auto c = waiters.add("job2", 1, now - 1ms, done());
  CHECK(waiters.size() == 3);
  CHECK(waiters.waiting_on("job1"));
  CHECK(*waiters.next_deadline() == now - 1ms);

  auto changed = waiters.take_changed("job1", 4);  // only the one that saw 3
  REQUIRE(changed.size() == 1);
  CHECK_FALSE(waiters.claim(a));  // already taken
  auto claimed = waiters.claim(b);
  CHECK(claimed);
  CHECK_FALSE(waiters.claim(b));

  auto expired = waiters.take_expired(now);
  REQUIRE(expired.size() == 1);
  CHECK(expired[0].job_id == "job2");
  CHECK_FALSE(waiters.claim(c));
  CHECK(waiters.size() == 0);

  waiters.close();
  JobWaiters::Done refused = done();
  CHECK(waiters.add("job3", 0, now, std::move(refused)) == 0);
  CHECK(refused);     // still the caller's, to answer with
  CHECK(calls == 0);  // the waiters structure never calls: whoever takes a callback does
}

TEST_CASE("the worker pool refuses work beyond its size and replaces abandoned workers") {
  std::atomic<int> idle_calls{0};
  Gate gate;
  Gate stuck;
  std::atomic<int> started{0}, done{0};
  TaskWorkers pool(2, [&] { ++idle_calls; });
  OpenOnExit release_gate{gate}, release_stuck{stuck};  // a failed check must not hang the pool
  auto t1 = pool.try_run([&] {
    ++started;
    gate.wait();
    ++done;
  });
  auto t2 = pool.try_run([&] {
    ++started;
    stuck.wait();
    ++done;
  });
  REQUIRE(t1);
  REQUIRE(t2);
  REQUIRE(eventually([&] { return started.load() == 2; }));
  CHECK_FALSE(pool.try_run([] {}));
  CHECK(pool.busy() == 2);

  pool.abandon(*t2);  // detached and replaced: a slot is free again
  CHECK(pool.abandoned() == 1);
  CHECK(pool.busy() == 1);
  std::atomic<bool> ran{false};
  REQUIRE(eventually([&] { return pool.try_run([&] { ran = true; }).has_value(); }));
  CHECK(eventually([&] { return ran.load(); }));

  gate.open();
  CHECK(eventually([&] { return done.load() == 1 && pool.busy() == 0; }));
  CHECK(idle_calls.load() >= 2);
  pool.stop();
  CHECK_FALSE(pool.try_run([] {}));
  stuck.open();  // the abandoned thread ends on its own, touching only what it owns
  CHECK(eventually([&] { return done.load() == 2; }));
}

TEST_CASE("invalid registrations are recorded and nothing of the plugin starts") {
  Env env;
  std::atomic<int> runs{0};
  auto errors = env.add_plugin("bad", [&](berth::Tasks& t) {
    t.every("", 1s, [&] { ++runs; });
    t.every("tick", 0ms, [&] { ++runs; });
    t.every("ok", 10ms, [&] { ++runs; });
    t.service("ok", [](std::stop_token) {});  // same list as periodic tasks
    t.job("import", [](berth::JobContext&) {}, {.max_concurrent = 0});
    t.job("sync", [](berth::JobContext&) {});
    t.job("sync", [](berth::JobContext&) {});
    t.job("a/b", [](berth::JobContext&) {});
  });
  REQUIRE(errors.size() == 6);
  CHECK(errors[0] ==
        "periodic task name '' is invalid: use 1 to 64 letters, digits, '-', '_' or '.'");
  CHECK(errors[1] == "periodic task 'tick' needs an interval > 0");
  CHECK(errors[2] == "service 'ok' is registered twice");
  CHECK(errors[3] == "job 'import' needs max_concurrent >= 1");
  CHECK(errors[4] == "job 'sync' is registered twice");
  CHECK(errors[5] == "job name 'a/b' is invalid: use 1 to 64 letters, digits, '-', '_' or '.'");

  // The loader does not activate a failed registration; even if asked, the host refuses.
  env.host().activate(static_cast<PluginTasks&>(env.tasks(0)));
  CHECK(env.host().task_status().empty());
  CHECK(env.host().job_names("bad").empty());
  CHECK(refusal(env.host().start_job("bad", "sync", nlohmann::json::object())) ==
        TaskErrc::no_such_job);
  std::this_thread::sleep_for(50ms);  // "ok" ticks every 10 ms if it was started
  CHECK(runs.load() == 0);
}

TEST_CASE("a plugin's start_job works once it is active") {
  Env env;
  std::vector<std::string> errors;
  auto staged = env.host().tasks_for("p", errors, false, sdk_status);
  staged->job("a", [](berth::JobContext&) {});
  staged->job("b", [](berth::JobContext&) {});
  auto jobs = staged->jobs();
  REQUIRE(jobs.size() == 2);
  CHECK(jobs[0].name == "a");
  CHECK(jobs[1].name == "b");
  try {
    staged->start_job("a");
    FAIL("start_job before activation must throw");
  } catch (const berth::HttpError& e) {
    CHECK(e.status() == sdk_status(TaskErrc::unavailable));
  }
  env.host().activate(*staged);
  CHECK(env.host().job_names("p") == std::vector<std::string>{"a", "b"});
  std::string id = staged->start_job("a", {{"x", 1}});
  CHECK(env.wait_state(id, "succeeded"));
  CHECK(env.job(id)["params"]["x"] == 1);
  try {
    staged->start_job("nope");
    FAIL("unknown job must throw");
  } catch (const berth::HttpError& e) {
    CHECK(e.status() == sdk_status(TaskErrc::no_such_job));
    CHECK(std::string(e.what()) == "plugin p has no job named nope");
  }
  // Registration is closed: later tasks are ignored (and logged), not started.
  staged->job("late", [](berth::JobContext&) {});
  CHECK(env.host().job_names("p").size() == 2);
  env.host().shutdown(1s);
}

namespace {

// A host database that cannot be used (a full disk, a read-only file...).
class BrokenStorage final : public berth::Storage {
 protected:
  std::string run_read(const std::function<bool(berth::Db&)>&) noexcept override { return kWhy; }
  std::string run_write(const std::function<bool(berth::Db&)>&) noexcept override { return kWhy; }
  std::string run_migrations(std::vector<MigrationStep>) noexcept override { return kWhy; }
  std::string apply_durability(berth::Durability) noexcept override { return kWhy; }

 private:
  static constexpr const char* kWhy = "disk I/O error";
};

}  // namespace

TEST_CASE("a host database that cannot be migrated fails the constructor with the reason") {
  BrokenStorage broken;
  try {
    TaskHost host(broken, fast_options());
    FAIL("the constructor must throw");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()) ==
          "cannot prepare the jobs tables in the host database: disk I/O error");
  }
}
