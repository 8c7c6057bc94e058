// Jobs through the TaskHost on a real berth.db: progress, results, failures, cancel, the queue,
// max_concurrent, listing and long polls.
#include <doctest/doctest.h>

#include <atomic>

#include "unit/tasks/task_test_util.h"

using namespace berth::tasks;
using namespace berth::tasks::test;

TEST_CASE("progress, log and result are visible while the job runs, then persisted") {
  Gate gate;  // before env: jobs still waiting on it are stopped by ~Env first
  Env env;
  env.add_plugin("p", [&](berth::Tasks& t) {
    t.job("import", [&](berth::JobContext& job) {
      job.progress(40, "copying");
      for (int i = 1; i <= 7; ++i) job.log("line " + std::to_string(i));
      job.result({{"imported", job.params().at("n")}});
      gate.wait(job.stop_token());
    });
  });
  std::string id = env.start("p", "import", {{"n", 10}});
  REQUIRE(eventually([&] { return env.job(id)["version"] == 11; }));
  auto live = env.job(id);
  CHECK(live["state"] == "running");
  CHECK(live["progress"] == 40.0);
  CHECK(live["message"] == "copying");
  CHECK(live["log"] == nlohmann::json::array({"line 3", "line 4", "line 5", "line 6", "line 7"}));
  CHECK(live["result"] == nlohmann::json{{"imported", 10}});
  CHECK(live["started"].is_string());
  CHECK(live["finished"].is_null());
  CHECK(live["attempt"] == 1);
  // queued (1), running (2), progress, 7 log lines, result: 11 versions.
  CHECK(live["version"] == 11);

  // The throttled write reaches the database while the job still runs.
  REQUIRE(eventually([&] { return env.row(id)["version"] == 11; }));
  CHECK(env.row(id)["progress"] == 40.0);
  CHECK(env.row(id)["state"] == "running");

  gate.open();
  REQUIRE(env.wait_state(id, "succeeded"));
  auto done = env.job(id);
  CHECK(done["progress"] == 100.0);
  CHECK(done["result"]["imported"] == 10);
  CHECK(done["error"].is_null());
  CHECK(done["finished"].is_string());

  env.restart();  // read back from the database alone
  auto stored = env.job(id);
  CHECK(stored["state"] == "succeeded");
  CHECK(stored["result"]["imported"] == 10);
  CHECK(stored["message"] == "copying");
  CHECK(stored["log"] == done["log"]);
  CHECK(stored["version"] == done["version"]);
  CHECK(stored["params"]["n"] == 10);
}

TEST_CASE("a failing job records the text it threw and the host goes on") {
  Env env;
  env.add_plugin("p", [&](berth::Tasks& t) {
    t.job("bad", [](berth::JobContext& job) {
      job.progress(10, "starting");
      throw std::runtime_error("disk full");
    });
    t.job("good", [](berth::JobContext&) {});
  });
  std::string bad = env.start("p", "bad");
  REQUIRE(env.wait_state(bad, "failed"));
  CHECK(env.job(bad)["error"] == "disk full");
  CHECK(env.job(bad)["progress"] == 10.0);
  CHECK(env.row(bad)["error"] == "disk full");
  std::string good = env.start("p", "good");
  CHECK(env.wait_state(good, "succeeded"));
}

TEST_CASE("cancel: a running job stops on its token, a queued one never runs") {
  Gate first_started;
  std::atomic<int> runs{0};
  Env env;
  env.add_plugin("p", [&](berth::Tasks& t) {
    t.job("wait",
          [&](berth::JobContext& job) {
            ++runs;
            first_started.open();
            Gate never;
            never.wait(job.stop_token());  // returns only when stopped
          },
          {.max_concurrent = 1});
  });
  std::string running = env.start("p", "wait");
  REQUIRE(eventually([&] { return env.state(running) == "running"; }));
  std::string queued = env.start("p", "wait");
  CHECK(env.state(queued) == "queued");

  auto cancelled = env.host().cancel(queued);
  REQUIRE(cancelled);
  CHECK(cancelled->state == Cancellation::cancelled);
  CHECK(cancelled->message == "job cancelled");
  CHECK(env.state(queued) == "cancelled");  // at once
  CHECK(env.row(queued)["state"] == "cancelled");
  auto again = env.host().cancel(queued);
  CHECK(refusal(again) == TaskErrc::already_final);
  CHECK(again.error().message == "the job already cancelled");

  auto stopping = env.host().cancel(running);
  REQUIRE(stopping);
  CHECK(stopping->state == Cancellation::stopping);
  REQUIRE(env.wait_state(running, "cancelled"));
  CHECK(env.job(running)["error"] == "job cancelled");
  CHECK(refusal(env.host().cancel(running)) == TaskErrc::already_final);
  auto unknown = env.host().cancel("ffffffffffff00000000");
  CHECK(refusal(unknown) == TaskErrc::no_such_job);
  CHECK(unknown.error().message == "no job with id ffffffffffff00000000");

  // The slot freed by the cancel would have run the queued job: it must not have.
  std::string after = env.start("p", "wait");
  REQUIRE(eventually([&] { return runs.load() == 2; }));
  std::this_thread::sleep_for(30ms);
  CHECK(runs.load() == 2);
  auto later = env.host().cancel(after);
  REQUIRE(later);
  CHECK(later->state == Cancellation::stopping);
  CHECK(env.wait_state(after, "cancelled"));
}

TEST_CASE("start_job answers 400, 404 and, with the queue full, 503 writing nothing") {
  auto options = fast_options();
  options.workers = 1;
  options.queue_capacity = 2;
  Gate gate;
  Env env(options);
  env.add_plugin("p", [&](berth::Tasks& t) {
    t.job("block", [&](berth::JobContext& job) { gate.wait(job.stop_token()); },
          {.max_concurrent = 5});
  });
  auto& host = env.host();
  CHECK(refusal(host.start_job("p", "block", nlohmann::json::array())) == TaskErrc::invalid_params);
  CHECK(refusal(host.start_job("p", "nope", nlohmann::json::object())) == TaskErrc::no_such_job);
  CHECK(refusal(host.start_job("q", "block", nlohmann::json::object())) == TaskErrc::no_such_job);

  std::string a = env.start("p", "block");
  REQUIRE(eventually([&] { return env.state(a) == "running"; }));  // the only worker
  std::string b = env.start("p", "block");
  std::string c = env.start("p", "block");
  auto full = host.start_job("p", "block", nlohmann::json::object());
  CHECK(refusal(full) == TaskErrc::unavailable);
  CHECK(full.error().message == "the job queue is full (2 jobs waiting); retry later");
  CHECK(env.count_rows() == 3);
  CHECK(host.jobs({.plugin = "p"}).size() == 3);

  gate.open();
  for (const auto& id : {a, b, c}) CHECK(env.wait_state(id, "succeeded"));
  CHECK(host.start_job("p", "block", nlohmann::json::object()).has_value());
}

TEST_CASE("max_concurrent bounds the runs of a job type") {
  auto options = fast_options();
  options.workers = 4;
  Gate gate;
  Concurrency seen;
  Env env(options);
  env.add_plugin("p", [&](berth::Tasks& t) {
    t.job("two",
          [&](berth::JobContext& job) {
            seen.enter();
            gate.wait(job.stop_token());
            seen.leave();
          },
          {.max_concurrent = 2});
  });
  std::vector<std::string> ids;
  for (int i = 0; i < 6; ++i) ids.push_back(env.start("p", "two"));
  REQUIRE(eventually([&] { return seen.now() == 2; }));
  // Free workers are there; the limit, not the pool, keeps the others waiting.
  std::this_thread::sleep_for(50ms);
  CHECK(seen.now() == 2);
  CHECK(env.host().jobs({.state = JobState::queued}).size() == 4);
  CHECK(env.host().jobs({.state = JobState::running}).size() == 2);
  gate.open();
  for (const auto& id : ids) CHECK(env.wait_state(id, "succeeded"));
  CHECK(seen.max() == 2);
  CHECK(seen.total() == 6);
}

TEST_CASE("jobs() lists newest first, filtered by plugin and state") {
  Env env;
  env.add_plugin("a", [&](berth::Tasks& t) {
    t.job("ok", [](berth::JobContext&) {});
    t.job("bad", [](berth::JobContext&) -> void { throw std::runtime_error("no"); });
  });
  env.add_plugin("b", [&](berth::Tasks& t) { t.job("ok", [](berth::JobContext&) {}); });
  std::vector<std::string> a_ids;
  a_ids.push_back(env.start("a", "ok"));
  a_ids.push_back(env.start("a", "bad"));
  a_ids.push_back(env.start("a", "ok"));
  std::string b_id = env.start("b", "ok");
  REQUIRE(env.wait_state(a_ids[0], "succeeded"));
  REQUIRE(env.wait_state(a_ids[1], "failed"));
  REQUIRE(env.wait_state(a_ids[2], "succeeded"));
  REQUIRE(env.wait_state(b_id, "succeeded"));

  auto all = env.host().jobs({});
  REQUIRE(all.size() == 4);
  CHECK(all[0]["id"] == b_id);
  CHECK(all[3]["id"] == a_ids[0]);
  CHECK_FALSE(all[0].contains("log"));

  auto of_a = env.host().jobs({.plugin = "a"});
  REQUIRE(of_a.size() == 3);
  CHECK(of_a[0]["id"] == a_ids[2]);
  CHECK(of_a[1]["id"] == a_ids[1]);
  CHECK(of_a[2]["id"] == a_ids[0]);

  auto failed = env.host().jobs({.plugin = "a", .state = JobState::failed});
  REQUIRE(failed.size() == 1);
  CHECK(failed[0]["id"] == a_ids[1]);
  CHECK(env.host().jobs({.plugin = "b", .state = JobState::failed}).empty());
  CHECK(env.host().jobs({.limit = 2}).size() == 2);
}

TEST_CASE("when_changed answers on a change, at the deadline, or at once") {
  Gate step;
  Gate finish;
  // Before env too: long polls still pending are answered by ~Env.
  std::mutex mu;
  std::optional<nlohmann::json> at_deadline, changed;
  std::atomic<int> deadline_calls{0}, change_calls{0};
  Env env;
  env.add_plugin("p", [&](berth::Tasks& t) {
    t.job("steps", [&](berth::JobContext& job) {
      step.wait(job.stop_token());
      job.progress(50, "half");
      finish.wait(job.stop_token());
    });
  });
  std::string id = env.start("p", "steps");
  REQUIRE(eventually([&] { return env.state(id) == "running"; }));
  auto& host = env.host();
  const std::uint64_t v = env.job(id)["version"];
  using Clock = std::chrono::steady_clock;

  // Already newer: answered on this thread before when_changed returns.
  bool immediate = false;
  host.when_changed(id, v - 1, Clock::now() + 5s, [&](std::optional<nlohmann::json> j) {
    immediate = j && (*j)["version"] == v;
  });
  CHECK(immediate);
  bool unknown = false;
  host.when_changed("ffffffffffff00000000", 0, Clock::now() + 5s,
                    [&](std::optional<nlohmann::json> j) { unknown = !j; });
  CHECK(unknown);

  // Nothing changes: answered at the deadline with the same version.
  auto t0 = Clock::now();
  host.when_changed(id, v, t0 + 300ms, [&](std::optional<nlohmann::json> j) {
    std::lock_guard lock(mu);
    at_deadline = j;
    ++deadline_calls;
  });
  REQUIRE(eventually([&] { return deadline_calls.load() == 1; }));
  auto waited = Clock::now() - t0;
  CHECK(waited >= 300ms);
  CHECK(waited < 2s);
  {
    std::lock_guard lock(mu);
    REQUIRE(at_deadline);
    CHECK((*at_deadline)["version"] == v);
  }

  // A change answers long before the deadline.
  t0 = Clock::now();
  host.when_changed(id, v, t0 + 10s, [&](std::optional<nlohmann::json> j) {
    std::lock_guard lock(mu);
    changed = j;
    ++change_calls;
  });
  std::this_thread::sleep_for(20ms);
  CHECK(change_calls.load() == 0);
  step.open();
  REQUIRE(eventually([&] { return change_calls.load() == 1; }));
  CHECK(Clock::now() - t0 < 5s);
  {
    std::lock_guard lock(mu);
    REQUIRE(changed);
    CHECK((*changed)["version"] == v + 1);
    CHECK((*changed)["progress"] == 50.0);
    CHECK((*changed)["message"] == "half");
  }
  finish.open();
  REQUIRE(env.wait_state(id, "succeeded"));
  std::this_thread::sleep_for(20ms);
  CHECK(change_calls.load() == 1);  // exactly once
  CHECK(deadline_calls.load() == 1);
}

TEST_CASE("pending long polls are answered at shutdown") {
  Gate gate;
  std::atomic<int> calls{0};
  std::string state;
  Env env;
  env.add_plugin("p", [&](berth::Tasks& t) {
    t.job("wait", [&](berth::JobContext& job) { gate.wait(job.stop_token()); });
  });
  std::string id = env.start("p", "wait");
  REQUIRE(eventually([&] { return env.state(id) == "running"; }));
  env.host().when_changed(id, env.job(id)["version"], std::chrono::steady_clock::now() + 1h,
                          [&](std::optional<nlohmann::json> j) {
                            state = j ? (*j)["state"].get<std::string>() : "none";
                            ++calls;
                          });
  env.host().shutdown(2s);
  CHECK(calls.load() == 1);
  CHECK(state == "interrupted");
  // After shutdown, answered at once.
  env.host().when_changed(id, 0, std::chrono::steady_clock::now() + 1h,
                          [&](std::optional<nlohmann::json>) { ++calls; });
  CHECK(calls.load() == 2);
}
