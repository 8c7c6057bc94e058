#pragma once
// The berth::Tasks a plugin's context hands out. During registration it only stages: nothing runs
// until TaskHost::activate() takes what was staged. Invalid registrations are recorded in the
// plugin's registration errors (so the plugin fails to load and none of its tasks start).
#include "contract/route_contract.h"
#include "tasks/job_runner.h"
#include "tasks/task_specs.h"

#include <berth/tasks.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace berth::tasks {

class PluginTasks final : public berth::Tasks {
 public:
  // How start_job reaches the host once the plugin is active: (job name, params).
  using Starter = std::function<StartResult(const std::string&, const nlohmann::json&)>;
  // The status the SDK's start_job reports for each refusal (it throws HttpError in the plugin):
  // what they mean over HTTP is the app's to say.
  using StatusOf = int (*)(TaskErrc) noexcept;

  struct Staged {
    std::vector<PeriodicSpec> periodic;
    std::vector<ServiceSpec> services;
    std::vector<JobSpec> jobs;
  };

  // `errors` must outlive registration (it is the plugin context's error list).
  PluginTasks(std::string plugin, std::vector<std::string>& errors, Starter starter,
              StatusOf status_of);

  const std::string& plugin() const noexcept { return plugin_; }
  // The jobs registered so far, sorted by name: what their POST <mount>/jobs/<name> routes
  // declare.
  std::vector<contract::JobContract> jobs() const;
  // An invalid registration was recorded.
  bool failed() const;
  // Once: hands the staged tasks to the host; start_job works from then on and later
  // registrations are refused.
  Staged take();
  bool taken() const noexcept { return taken_.load(); }

 protected:
  void add_periodic(std::string_view name, std::chrono::milliseconds interval,
                    std::function<std::string()> fn, PeriodicOptions options) noexcept override;
  void add_service(std::string_view name,
                   std::function<std::string(std::stop_token)> fn) noexcept override;
  void add_job(std::string_view name, std::function<std::string(JobContext&)> fn,
               JobOptions options) noexcept override;
  std::string enqueue_job(std::string_view name, const nlohmann::json& params, std::string& id,
                          int& status) noexcept override;

 private:
  // True when registration is still open and the name is valid and unused in `used`.
  bool admit(std::string_view kind, std::string_view name, std::set<std::string>& used);
  void reject(std::string message);

  const std::string plugin_;
  std::vector<std::string>& errors_;
  const Starter starter_;
  const StatusOf status_of_;
  mutable std::mutex mu_;
  bool failed_ = false;
  Staged staged_;
  std::set<std::string> task_names_;  // periodic tasks and services share the status list
  std::set<std::string> job_names_;
  std::atomic<bool> taken_{false};
};

}  // namespace berth::tasks
