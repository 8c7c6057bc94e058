// Recovery after a crash, deactivation, and shutdown with jobs that do or do not cooperate.
#include <doctest/doctest.h>

#include <atomic>

#include "tasks/job_id.h"
#include "unit/tasks/task_test_util.h"

using namespace berth::tasks;
using namespace berth::tasks::test;
using Clock = std::chrono::steady_clock;

namespace {

// A row as a kill -9 leaves it (the host had written it; nothing after).
std::string insert_row(berth::Storage& db, const std::string& plugin, const std::string& name,
                       const std::string& state, bool resumable) {
  std::string id = new_job_id();
  db.write([&](berth::Db& d) {
    d.exec(
        "INSERT INTO jobs (id, plugin, name, params, state, progress, message, created_ms, "
        "started_ms, attempt, resumable, version) VALUES (?, ?, ?, '{\"k\":1}', ?, 30, 'busy', ?, "
        "?, 1, ?, 5)",
        {id, plugin, name, state, now_ms(), state == "running" ? berth::Value(now_ms()) : nullptr,
         resumable});
  });
  return id;
}

}  // namespace

TEST_CASE("after a crash: running jobs are interrupted; resumable and queued ones run again") {
  std::mutex mu;
  std::map<std::string, nlohmann::json> seen_params;
  Env env;
  env.host().shutdown(1s);  // the tables exist; now the rows a crash leaves behind
  std::string resumable = insert_row(env.db(), "p", "import", "running", true);
  std::string plain = insert_row(env.db(), "p", "import", "running", false);
  std::string queued = insert_row(env.db(), "p", "import", "queued", false);
  std::string gone = insert_row(env.db(), "p", "removed", "running", true);
  std::string other = insert_row(env.db(), "q", "import", "queued", false);

  env.restart();  // a new host; recover() before any plugin starts
  for (const auto& id : {resumable, plain, gone}) {
    auto j = env.job(id);
    CHECK(j["state"] == "interrupted");
    CHECK(j["error"] == "host stopped while the job was running");
    CHECK(j["finished"].is_string());
    CHECK(j["version"] == 6);
  }
  CHECK(env.state(queued) == "queued");

  env.add_plugin("p", [&](berth::Tasks& t) {
    t.job("import",
          [&](berth::JobContext& job) {
            std::lock_guard lock(mu);
            seen_params[std::string(job.id())] = job.params();
          },
          {.resumable = true});
  });
  REQUIRE(env.wait_state(resumable, "succeeded"));
  REQUIRE(env.wait_state(queued, "succeeded"));
  auto again = env.job(resumable);
  CHECK(again["attempt"] == 2);
  CHECK(again["error"].is_null());
  CHECK(env.job(queued)["attempt"] == 1);
  {
    std::lock_guard lock(mu);
    CHECK(seen_params.size() == 2);
    CHECK(seen_params[resumable]["k"] == 1);
  }
  // Not resumable: stays interrupted with the reason.
  CHECK(env.state(plain) == "interrupted");
  CHECK(env.job(plain)["error"] == "host stopped while the job was running");
  // Resumable, but the plugin no longer has the job.
  CHECK(env.state(gone) == "failed");
  CHECK(env.job(gone)["error"] == "plugin p no longer has a job named removed");
  // Another plugin's queued job waits for that plugin.
  CHECK(env.state(other) == "queued");
  CHECK(env.host().cancel(other).has_value());
  CHECK(env.state(other) == "cancelled");
}

TEST_CASE("deactivate stops services and jobs; resumable jobs run again on reactivation") {
  std::atomic<int> attempts{0};
  std::atomic<bool> service_stopped{false};
  std::atomic<int> ticks{0};
  Env env;
  auto registration = [&](berth::Tasks& t) {
    t.job("sync",
          [&](berth::JobContext& job) {
            if (++attempts == 1) {
              Gate never;
              never.wait(job.stop_token());  // stops when the plugin stops
            }
          },
          {.resumable = true});
    t.job("blocked", [](berth::JobContext& job) {
      Gate never;
      never.wait(job.stop_token());
    });
    t.service("events", [&](std::stop_token stop) {
      Gate never;
      never.wait(stop);
      service_stopped = true;
    });
    t.every("tick", 10ms, [&] { ++ticks; });
  };
  env.add_plugin("p", registration);
  std::string sync = env.start("p", "sync");
  std::string blocked = env.start("p", "blocked");
  REQUIRE(
      eventually([&] { return env.state(sync) == "running" && env.state(blocked) == "running"; }));
  REQUIRE(eventually([&] { return ticks.load() > 0; }));

  CHECK(env.host().deactivate("p", 2s));  // every thread of it ended: its code may go
  CHECK(service_stopped.load());
  for (const auto& id : {sync, blocked}) {
    CHECK(env.state(id) == "interrupted");
    CHECK(env.job(id)["error"] == "plugin stopped before the job finished");
  }
  CHECK(env.host().task_status().empty());
  CHECK(refusal(env.host().start_job("p", "sync", nlohmann::json::object())) ==
        TaskErrc::no_such_job);
  int ticks_after_stop = ticks.load();
  std::this_thread::sleep_for(50ms);
  CHECK(ticks.load() == ticks_after_stop);
  CHECK(env.host().abandoned_threads() == 0);

  env.add_plugin("p", registration);  // the plugin starts again (a reload)
  REQUIRE(env.wait_state(sync, "succeeded"));
  CHECK(env.job(sync)["attempt"] == 2);
  CHECK(env.state(blocked) == "interrupted");  // not resumable
}

TEST_CASE("deactivate says when it gave up on a thread of the plugin's") {
  Gate stuck_gate;
  OpenOnExit release_if_failed{stuck_gate};
  Env env;
  env.add_plugin("p", [&](berth::Tasks& t) {
    t.job("stuck", [&](berth::JobContext&) { stuck_gate.wait(); });
  });
  env.add_plugin("q", [&](berth::Tasks& t) {
    t.job("polite", [&](berth::JobContext& job) {
      Gate never;
      never.wait(job.stop_token());
    });
  });
  std::string stuck = env.start("p", "stuck");
  std::string polite = env.start("q", "polite");
  REQUIRE(
      eventually([&] { return env.state(stuck) == "running" && env.state(polite) == "running"; }));
  CHECK_FALSE(env.host().deactivate("p", 100ms));
  CHECK(env.host().abandoned_threads() == 1);
  CHECK(env.host().deactivate("q", 2s));  // the one given up on before is not q's
  CHECK(env.host().deactivate("nobody", 2s));
  stuck_gate.open();
}

TEST_CASE("shutdown keeps its deadline with a job that ignores its stop token") {
  Gate stuck_gate;
  std::atomic<bool> stuck_returned{false};
  std::atomic<int> resumable_runs{0};
  OpenOnExit release_if_failed{stuck_gate};  // after ~Env, so that the stuck job can end
  Env env;
  env.add_plugin("p", [&](berth::Tasks& t) {
    t.job("stuck", [&](berth::JobContext& job) {
      job.progress(5, "ignoring stop");
      stuck_gate.wait();  // never looks at its stop token
      job.progress(99, "too late");
      stuck_returned = true;
    });
    t.job("polite",
          [&](berth::JobContext& job) {
            ++resumable_runs;
            Gate never;
            never.wait(job.stop_token());
          },
          {.resumable = true});
  });
  std::string stuck = env.start("p", "stuck");
  std::string polite = env.start("p", "polite");
  REQUIRE(
      eventually([&] { return env.state(stuck) == "running" && env.state(polite) == "running"; }));

  const auto t0 = Clock::now();
  env.host().shutdown(300ms);
  const auto took = Clock::now() - t0;
  CHECK(took >= 300ms);  // it did wait for the stuck job
  CHECK(took < 1300ms);
  CHECK(env.host().abandoned_threads() == 1);
  auto j = env.job(stuck);
  CHECK(j["state"] == "interrupted");
  CHECK(j["error"] == "host stopped before the job finished");
  CHECK(j["progress"] == 5.0);
  CHECK(env.row(stuck)["state"] == "interrupted");
  CHECK(env.state(polite) == "interrupted");
  CHECK(env.row(polite)["requeue"] == 1);
  CHECK(refusal(env.host().start_job("p", "polite", nlohmann::json::object())) ==
        TaskErrc::unavailable);

  // The abandoned job finishes later, long after the host gave up on it: it changes nothing.
  stuck_gate.open();
  REQUIRE(eventually([&] { return stuck_returned.load(); }));
  std::this_thread::sleep_for(20ms);
  CHECK(env.row(stuck)["state"] == "interrupted");
  CHECK(env.row(stuck)["progress"] == 5.0);

  env.restart();
  env.add_plugin("p", [&](berth::Tasks& t) {
    t.job("stuck", [](berth::JobContext&) {});
    t.job("polite", [&](berth::JobContext&) { ++resumable_runs; }, {.resumable = true});
  });
  REQUIRE(env.wait_state(polite, "succeeded"));
  CHECK(env.job(polite)["attempt"] == 2);
  CHECK(resumable_runs.load() == 2);
  CHECK(env.state(stuck) == "interrupted");
}

TEST_CASE("the destructor shuts down at once, leaving no job half-recorded") {
  Env env;
  // Shared: the job may still be returning on an abandoned thread after this test's scope.
  auto gate = std::make_shared<Gate>();
  auto returned = std::make_shared<std::atomic<bool>>(false);
  env.add_plugin("p", [&](berth::Tasks& t) {
    t.job("wait", [gate, returned](berth::JobContext& job) {
      gate->wait(job.stop_token());
      *returned = true;
    });
  });
  std::string id = env.start("p", "wait");
  REQUIRE(eventually([&] { return env.state(id) == "running"; }));
  env.reopen_after_destructor();
  CHECK(env.row(id)["state"] == "interrupted");
  CHECK(env.row(id)["error"] == "host stopped before the job finished");
  CHECK(eventually([&] { return returned->load(); }));
}
