#pragma once
// Background work a plugin runs on the host's task pool, never on HTTP threads:
//
//   tasks.every("scan", 30s, [] { ... });                         // periodic, never overlapping
//   tasks.service("events", [](std::stop_token stop) { ... });    // from start until shutdown
//   tasks.job("import", [](berth::JobContext& job) {               // on demand, persisted, polled
//     job.progress(50, "half way");
//     job.result({{"imported", 10}});
//   }, {.max_concurrent = 2, .resumable = true,
//       .validate = [](const nlohmann::json& params) -> std::string {   // before it is queued
//         return params.contains("table") ? "" : "table: required";
//       }});
//
// A job named "import" of a plugin mounted at /m is started with POST /m/jobs/import (JSON params)
// -> 202 {"id": ...}, and followed with GET /_berth/jobs/<id>?wait=<seconds> (long poll).
#include <berth/guard.h>
#include <berth/http_error.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <stop_token>
#include <string>
#include <string_view>
#include <utility>

namespace berth {

struct PeriodicOptions {
  std::chrono::milliseconds initial_delay{0};
  std::chrono::milliseconds jitter{0};  // each run starts up to this much later, at random
};

struct JobOptions {
  int max_concurrent = 1;  // runs of this job at once; more wait queued
  bool resumable = false;  // queued again when the host restarts while it runs
  std::string_view summary = {};
  // Checks the params of every start (POST <mount>/jobs/<name> and start_job) before anything is
  // queued or stored: "" accepts; any other text, or a throw (its message), refuses the start with
  // a 400 carrying that text. Runs on the starting thread, concurrently with other starts: keep it
  // quick and free of side effects.
  std::function<std::string(const nlohmann::json& params)> validate = {};
  // JSON Schemas (see RouteOptions). The host checks the params of every start against
  // params_schema before `validate` runs (a 400 naming every violation), and a result against
  // result_schema when the job sets it (a violation fails the job). Both are published in
  // /_berth/openapi.json and typed in the generated client.
  nlohmann::json params_schema = nullptr;
  nlohmann::json result_schema = nullptr;
};

// What a running job sees. Every call is cheap and thread-safe; state is persisted by the host.
class JobContext {
 public:
  virtual ~JobContext() = default;
  virtual std::string_view id() const noexcept = 0;
  virtual const nlohmann::json& params() const noexcept = 0;
  // 0..100; the message says what is happening now.
  virtual void progress(double percent, std::string_view message = {}) noexcept = 0;
  // One line of the job's log (the host keeps a bounded tail).
  virtual void log(std::string_view line) noexcept = 0;
  virtual void result(const nlohmann::json& value) noexcept = 0;
  // Fires on cancel and on shutdown: a job should return soon after.
  virtual std::stop_token stop_token() const noexcept = 0;
  bool stop_requested() const noexcept { return stop_token().stop_requested(); }
};

class Tasks {
 public:
  virtual ~Tasks() = default;

  // `fn()` every `interval`. A tick that comes while the previous run still runs is skipped and
  // counted; a throw is logged and the schedule goes on.
  template <class F>
  void every(std::string_view name, std::chrono::milliseconds interval, F&& fn,
             PeriodicOptions options = {}) {
    add_periodic(
        name, interval,
        [f = std::forward<F>(fn)]() mutable noexcept { return detail::run_guarded(f); }, options);
  }

  // `fn(stop_token)` runs from plugin start until shutdown. A throw is logged; the service is
  // restarted after a back-off.
  template <class F>
  void service(std::string_view name, F&& fn) {
    add_service(name, [f = std::forward<F>(fn)](std::stop_token stop) mutable noexcept {
      return detail::run_guarded([&] { f(stop); });
    });
  }

  // `fn(JobContext&)`: a throw fails the job with the exception's text (HttpError's message too).
  template <class F>
  void job(std::string_view name, F&& fn, JobOptions options = {}) {
    if (options.validate) {
      options.validate = [v = std::move(options.validate)](const nlohmann::json& params) noexcept {
        std::string verdict;
        std::string thrown = detail::run_guarded([&] { verdict = v(params); });
        return thrown.empty() ? verdict : thrown;
      };
    }
    add_job(
        name,
        [f = std::forward<F>(fn)](JobContext& job) mutable noexcept {
          return detail::run_guarded([&] { f(job); });
        },
        options);
  }

  // Starts one of this plugin's jobs from plugin code; returns its id. Throws HttpError: 400 when
  // the job's validate refuses the params, 413 when they are larger than tasks.max_params_bytes,
  // 404 for an unknown job, 503 when the queue is full.
  std::string start_job(std::string_view name,
                        const nlohmann::json& params = nlohmann::json::object()) {
    std::string id;
    int status = 0;
    std::string error = enqueue_job(name, params, id, status);
    if (!error.empty()) throw HttpError(status ? status : 500, error);
    return id;
  }

 protected:
  // Registration records errors in the plugin's context (failing its registration) instead of
  // throwing. The callables (options.validate too) never throw; they return empty or the
  // failure's text.
  virtual void add_periodic(std::string_view name, std::chrono::milliseconds interval,
                            std::function<std::string()> fn, PeriodicOptions options) noexcept = 0;
  virtual void add_service(std::string_view name,
                           std::function<std::string(std::stop_token)> fn) noexcept = 0;
  virtual void add_job(std::string_view name, std::function<std::string(JobContext&)> fn,
                       JobOptions options) noexcept = 0;
  // Empty on success (id set), else the reason with an HTTP status.
  virtual std::string enqueue_job(std::string_view name, const nlohmann::json& params,
                                  std::string& id, int& status) noexcept = 0;
};

}  // namespace berth
