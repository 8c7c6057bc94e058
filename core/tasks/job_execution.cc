// The run of one job on a worker, from queued to a final state (see JobRunner).
#include "log/logger.h"
#include "tasks/job_context.h"
#include "tasks/job_runner.h"

namespace berth::tasks {

// Runs on a worker. Whenever the job is not inside enter_host/leave_host, the runner may have
// abandoned it and be gone: everything used after that point is a local copy or shared.
void JobRunner::run(const std::shared_ptr<LiveJob>& job, const std::shared_ptr<JobType>& type) {
  if (!job->enter_host()) return;
  if (job->stop_reason() != StopReason::none) {
    // Stopped before it started: nothing ran.
    JobRecord rec = job->next_version();
    if (job->stop_reason() == StopReason::cancel) {
      rec.state = JobState::cancelled;
      rec.error = kCancelled;
      rec.finished_ms = now_ms();
      finalize(job, std::move(rec));
    } else {
      // Plugin stopping: the row is still queued, so it runs when the plugin starts again.
      std::lock_guard lock(mu_);
      if (auto it = live_.find(job->id()); it != live_.end()) {
        --it->second.type->running;
        live_.erase(it);
      }
      slot_freed_.notify_all();
    }
    job->leave_host();
    return;
  }

  JobRecord rec = job->next_version();
  rec.state = JobState::running;
  rec.started_ms = now_ms();
  try {
    store_.save(rec);
  } catch (const std::exception& e) {
    log::error("cannot record a job start",
               {{"plugin", rec.plugin}, {"job", rec.name}, {"id", rec.id}, {"error", e.what()}});
    rec.state = JobState::failed;
    rec.error = std::string("could not record the job's start: ") + e.what();
    rec.finished_ms = now_ms();
    ++rec.version;
    finalize(job, std::move(rec));
    job->leave_host();
    return;
  }
  job->apply(rec);
  job->mark_persisted(rec.version, Clock::now());
  changes_->post(rec.id, job);
  JobContextImpl context(job, rec.params, changes_, limits_, type->spec.result_schema);
  job->leave_host();

  std::string error = type->spec.fn(context);

  if (!job->enter_host()) return;  // abandoned: finish_stop recorded it
  JobRecord done = job->next_version();
  done.finished_ms = now_ms();
  switch (job->stop_reason()) {
    case StopReason::cancel:
      done.state = JobState::cancelled;
      done.error = kCancelled;
      break;
    case StopReason::stop:
      done.state = JobState::interrupted;
      done.error = job->stop_text();
      done.requeue = done.resumable;
      break;
    case StopReason::none:
      if (auto refusal = job->result_refusal(); error.empty() && refusal) error = *refusal;
      if (error.empty()) {
        done.state = JobState::succeeded;
        done.progress = 100;
        done.error.reset();
      } else {
        done.state = JobState::failed;
        done.error = std::move(error);
      }
      break;
  }
  finalize(job, std::move(done));
  job->leave_host();
}

void JobRunner::save_quietly(const JobRecord& record) noexcept {
  try {
    store_.save(record);
  } catch (const std::exception& e) {
    // Memory still moves on: the job is over whether or not the disk heard of it.
    log::error("cannot record a job's final state", {{"plugin", record.plugin},
                                                     {"job", record.name},
                                                     {"id", record.id},
                                                     {"state", to_string(record.state)},
                                                     {"error", e.what()}});
  }
}

void JobRunner::finalize(const std::shared_ptr<LiveJob>& job, JobRecord final) {
  save_quietly(final);
  counts_.finished(final);
  job->apply(final);
  job->mark_persisted(final.version, Clock::now());
  changes_->post(final.id, job);
  std::lock_guard lock(mu_);
  if (auto it = live_.find(final.id); it != live_.end()) {
    if (it->second.dispatched) --it->second.type->running;
    live_.erase(it);
  }
  // Under the lock: once it is released, a waiting finish_stop may let the host be destroyed.
  slot_freed_.notify_all();
}

}  // namespace berth::tasks
