#pragma once
// What a running job's function sees. Updates go to the job in memory and a change is posted to
// the monitor, which answers long polls and persists at most every progress_persist_interval.
#include "contract/json_schema.h"
#include "tasks/job_changes.h"
#include "tasks/job_limits.h"
#include "tasks/live_job.h"

#include <berth/tasks.h>

#include <memory>

namespace berth::tasks {

class JobContextImpl final : public berth::JobContext {
 public:
  JobContextImpl(std::shared_ptr<LiveJob> job, nlohmann::json params,
                 std::shared_ptr<JobChanges> changes, JobLimits limits,
                 std::shared_ptr<const contract::JsonSchema> result_schema = nullptr)
      : job_(std::move(job)),
        params_(std::move(params)),
        changes_(std::move(changes)),
        limits_(limits),
        result_schema_(std::move(result_schema)) {}

  std::string_view id() const noexcept override { return job_->id(); }
  const nlohmann::json& params() const noexcept override { return params_; }
  void progress(double percent, std::string_view message) noexcept override;
  void log(std::string_view line) noexcept override;
  void result(const nlohmann::json& value) noexcept override;
  std::stop_token stop_token() const noexcept override { return job_->stop_token(); }

 private:
  void changed() noexcept;

  std::shared_ptr<LiveJob> job_;
  const nlohmann::json params_;
  std::shared_ptr<JobChanges> changes_;
  const JobLimits limits_;
  const std::shared_ptr<const contract::JsonSchema> result_schema_;
};

}  // namespace berth::tasks
