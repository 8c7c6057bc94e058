// Periodic tasks and services.
#include <doctest/doctest.h>

#include <atomic>

#include "unit/tasks/task_test_util.h"

using namespace berth::tasks;
using namespace berth::tasks::test;

TEST_CASE("a slow periodic task never overlaps itself; the ticks it misses are counted") {
  Concurrency seen;
  Env env;
  env.add_plugin("p", [&](berth::Tasks& t) {
    t.every("slow", 10ms, [&] {
      seen.enter();
      std::this_thread::sleep_for(60ms);  // the work: six intervals long
      seen.leave();
    });
  });
  REQUIRE(eventually([&] { return task(env.host(), "p", "slow")["runs"] >= 3; }));
  auto status = task(env.host(), "p", "slow");
  CHECK(seen.max() == 1);
  CHECK(status["skipped_ticks"] > 0);
  CHECK(status["kind"] == "periodic");
  CHECK(status["interval_ms"] == 10);
  CHECK(status["last_duration_ms"] >= 60);
  CHECK(status["last_run"].is_string());
  CHECK(status["last_error"].is_null());
}

TEST_CASE("a failing periodic task is logged and recorded, and keeps its schedule") {
  std::atomic<int> calls{0};
  Env env;
  env.add_plugin("p", [&](berth::Tasks& t) {
    t.every("boom", 10ms, [&] {
      if (++calls % 2 == 1) throw std::runtime_error("boom " + std::to_string(calls.load()));
    });
  });
  REQUIRE(eventually([&] { return calls.load() >= 5; }));
  REQUIRE(eventually([&] { return task(env.host(), "p", "boom")["runs"] >= 5; }));
  auto status = task(env.host(), "p", "boom");
  CHECK(status["failures"] >= 2);
  // last_error is the last run's: null after a success, the text after a failure.
  nlohmann::json failed;
  REQUIRE(eventually([&] {
    failed = task(env.host(), "p", "boom");
    return failed["runs"].get<int>() % 2 == 1;
  }));
  CHECK(failed["last_error"] == "boom " + std::to_string(failed["runs"].get<int>()));
}

TEST_CASE("initial_delay and jitter delay the first run") {
  using Clock = std::chrono::steady_clock;
  std::atomic<Clock::rep> first_delayed{0}, first_jittered{0};
  Env env;
  const auto t0 = Clock::now();
  env.add_plugin("p", [&](berth::Tasks& t) {
    t.every("delayed", 1h, [&] { first_delayed = (Clock::now() - t0).count(); },
            {.initial_delay = 300ms});
    t.every("jittered", 1h, [&] { first_jittered = (Clock::now() - t0).count(); },
            {.jitter = 200ms});
  });
  std::this_thread::sleep_for(100ms);
  CHECK(task(env.host(), "p", "delayed")["runs"] == 0);
  REQUIRE(eventually([&] { return first_delayed.load() != 0 && first_jittered.load() != 0; }));
  CHECK(Clock::duration(first_delayed.load()) >= 300ms);
  CHECK(Clock::duration(first_delayed.load()) < 2s);
  CHECK(Clock::duration(first_jittered.load()) < 1s);
  std::this_thread::sleep_for(50ms);
  CHECK(task(env.host(), "p", "delayed")["runs"] == 1);  // the next tick is an hour away
}

TEST_CASE("a tick that finds no free worker is skipped, not queued") {
  auto options = fast_options();
  options.workers = 1;
  Gate gate;
  std::atomic<int> ticks{0};
  Env env(options);
  env.add_plugin("a", [&](berth::Tasks& t) {
    t.job("hog", [&](berth::JobContext& job) { gate.wait(job.stop_token()); });
  });
  std::string id = env.start("a", "hog");
  REQUIRE(eventually([&] { return env.state(id) == "running"; }));  // the only worker
  env.add_plugin("p", [&](berth::Tasks& t) { t.every("tick", 10ms, [&] { ++ticks; }); });
  REQUIRE(eventually([&] { return task(env.host(), "p", "tick")["skipped_ticks"] >= 3; }));
  CHECK(task(env.host(), "p", "tick")["runs"] == 0);
  gate.open();
  CHECK(eventually([&] { return ticks.load() >= 2; }));
}

TEST_CASE("a failing service is restarted after a back-off; a clean return is final") {
  std::atomic<int> flaky_runs{0}, once_runs{0};
  Env env;
  env.add_plugin("p", [&](berth::Tasks& t) {
    t.service("flaky", [&](std::stop_token stop) {
      if (++flaky_runs <= 2) throw std::runtime_error("lost connection");
      Gate never;
      never.wait(stop);
    });
    t.service("once", [&](std::stop_token) { ++once_runs; });
  });
  REQUIRE(eventually(
      [&] { return task(env.host(), "p", "flaky")["running"] == true && flaky_runs.load() == 3; }));
  auto flaky = task(env.host(), "p", "flaky");
  CHECK(flaky["kind"] == "service");
  CHECK(flaky["runs"] == 3);
  CHECK(flaky["failures"] == 2);
  CHECK(flaky["interval_ms"].is_null());
  REQUIRE(eventually([&] { return task(env.host(), "p", "once")["runs"] == 1; }));
  std::this_thread::sleep_for(100ms);  // longer than the longest back-off
  CHECK(once_runs.load() == 1);
  auto once = task(env.host(), "p", "once");
  CHECK(once["runs"] == 1);
  CHECK(once["running"] == false);
  CHECK(once["last_error"].is_null());

  env.host().deactivate("p", 2s);  // the flaky one stops on its token
  CHECK(task(env.host(), "p", "flaky").is_null());
  CHECK(env.host().abandoned_threads() == 0);
  CHECK(flaky_runs.load() == 3);
}
