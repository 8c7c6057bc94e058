#include "tasks/service_runner.h"

#include "log/logger.h"
#include "tasks/job_json.h"
#include "tasks/job_record.h"

#include <pthread.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <stop_token>

namespace berth::tasks {

struct ServiceRunner::State {
  State(std::string p, ServiceSpec s, ServiceBackoff b)
      : plugin(std::move(p)), spec(std::move(s)), backoff(b) {}
  const std::string plugin;
  const ServiceSpec spec;
  const ServiceBackoff backoff;
  std::stop_source stop;

  std::mutex mu;
  std::condition_variable_any cv;  // waits that the stop token interrupts
  std::int64_t runs = 0;
  std::int64_t failures = 0;
  std::optional<std::int64_t> last_run_ms;
  std::int64_t last_duration_ms = 0;
  std::optional<std::string> last_error;
  bool running = false;
  bool exited = false;
};

ServiceRunner::ServiceRunner(std::string plugin, ServiceSpec spec, ServiceBackoff backoff)
    : state_(std::make_shared<State>(std::move(plugin), std::move(spec), backoff)) {}

ServiceRunner::~ServiceRunner() {
  request_stop();
  if (thread_.joinable()) thread_.join();
}

const std::string& ServiceRunner::name() const noexcept {
  return state_->spec.name;
}

void ServiceRunner::start() {
  thread_ = std::thread(&ServiceRunner::loop, state_);
  pthread_setname_np(thread_.native_handle(), "berth-service");
}

void ServiceRunner::request_stop() {
  state_->stop.request_stop();
}

bool ServiceRunner::join_until(Clock::time_point until) {
  if (!thread_.joinable()) return true;
  bool exited;
  {
    std::unique_lock lock(state_->mu);
    exited = state_->cv.wait_until(lock, until, [&] { return state_->exited; });
  }
  if (exited) {
    thread_.join();
  } else {
    thread_.detach();
  }
  return exited;
}

nlohmann::json ServiceRunner::status() const {
  std::lock_guard lock(state_->mu);
  const State& s = *state_;
  return {
      {"plugin", s.plugin},
      {"name", s.spec.name},
      {"kind", "service"},
      {"interval_ms", nullptr},
      {"runs", s.runs},
      {"failures", s.failures},
      {"last_run", rfc3339_or_null(s.last_run_ms)},
      {"last_duration_ms", s.last_duration_ms},
      {"last_error", s.last_error ? nlohmann::json(*s.last_error) : nullptr},
      {"skipped_ticks", 0},
      {"running", s.running},
  };
}

void ServiceRunner::loop(std::shared_ptr<State> state) {
  State& s = *state;
  const std::stop_token stop = s.stop.get_token();
  auto delay = s.backoff.initial;
  while (!stop.stop_requested()) {
    {
      std::lock_guard lock(s.mu);
      s.running = true;
      ++s.runs;
      s.last_run_ms = now_ms();
    }
    const auto t0 = Clock::now();
    std::string error = s.spec.fn(stop);
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0);
    {
      std::lock_guard lock(s.mu);
      s.running = false;
      s.last_duration_ms = took.count();
      if (!error.empty()) ++s.failures;
      s.last_error = error.empty() ? std::nullopt : std::optional<std::string>(error);
    }
    const nlohmann::json fields = {{"plugin", s.plugin}, {"task", s.spec.name}};
    if (stop.stop_requested()) {
      if (!error.empty())
        log::warn("service failed while stopping",
                  {{"plugin", s.plugin}, {"task", s.spec.name}, {"error", error}});
      break;
    }
    if (error.empty()) {
      log::info("service returned before shutdown; not restarted", fields);
      break;
    }
    // A service that ran for a good while before failing starts the back-off over.
    if (took >= s.backoff.max) delay = s.backoff.initial;
    log::error("service failed; restarting", {{"plugin", s.plugin},
                                              {"task", s.spec.name},
                                              {"error", error},
                                              {"retry_in_ms", delay.count()}});
    {
      std::unique_lock lock(s.mu);
      s.cv.wait_for(lock, stop, delay, [] { return false; });
    }
    delay = std::min(delay * 2, s.backoff.max);
  }
  {
    std::lock_guard lock(s.mu);
    s.exited = true;
  }
  s.cv.notify_all();
}

}  // namespace berth::tasks
